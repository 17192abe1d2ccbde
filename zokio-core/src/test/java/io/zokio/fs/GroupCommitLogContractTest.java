package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GroupCommitLog's API contract on both backends: opening on the calling task's runtime, empty records, the
 * blocking calls refused on an event-loop thread, an interrupted appender, what toString reports, and appends
 * after the runtime closed.
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupCommitLogContractTest {
    @Parameter
    BackendKind backend;
    @TempDir
    Path dir;
    Runtime rt;

    @BeforeEach
    void start() {
        rt = FsTestSupport.runtime(backend, 1);
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
    }

    private void close(GroupCommitLog log) throws Exception {
        inTask(rt, () -> {
            log.close();
            return null;
        });
    }

    @Test
    void openWithoutARuntimeNeedsATaskAndInATaskUsesItsRuntime() throws Exception {
        Path p = dir.resolve("current.log");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GroupCommitLog.open(p));
        assertTrue(e.getMessage().contains("GroupCommitLog.open(runtime, path)"), e.getMessage());
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(p));
        assertEquals(p, log.path());
        assertTrue(log.isOpen());
        assertEquals(0, (long) inTask(rt, () -> log.append(ByteBuffer.wrap(new byte[] {1, 2}))));
        close(log);
        assertFalse(log.isOpen());
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(p));
    }

    @Test
    void anEmptyRecordIsRefused() throws Exception {
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, dir.resolve("empty.log")));
        ByteBuffer empty = ByteBuffer.allocate(4).position(4);
        assertEquals("empty record", assertThrows(IllegalArgumentException.class,
                () -> inTask(rt, () -> log.append(empty))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> log.appendAsync(ByteBuffer.allocate(0)));
        assertThrows(NullPointerException.class, () -> log.appendAsync(null));
        close(log);
        assertEquals(0, log.appends());
        assertEquals(0, log.end());
    }

    @Test
    void appendAndCloseAreRefusedOnAnEventLoopThread() throws Exception {
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, dir.resolve("loop.log")));
        CompletableFuture<Throwable> append = new CompletableFuture<>();
        CompletableFuture<Throwable> close = new CompletableFuture<>();
        rt.executeOnLoop(() -> {
            append.complete(assertThrows(IllegalStateException.class,
                    () -> log.append(ByteBuffer.wrap(new byte[] {1}))));
            close.complete(assertThrows(IllegalStateException.class, log::close));
        });
        assertTrue(append.get().getMessage().startsWith("GroupCommitLog.append on an event-loop thread"));
        assertTrue(close.get().getMessage().startsWith("GroupCommitLog.close() on an event-loop thread"));
        assertTrue(log.isOpen(), "the refused close did nothing");
        close(log);
    }

    @Test
    void anInterruptedAppenderStillGetsItsOffsetAndKeepsTheInterrupt() throws Exception {
        Path p = dir.resolve("interrupt.log");
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, p));
        Object[] out = inTask(rt, () -> {
            Thread.currentThread().interrupt();
            long at = log.append(ByteBuffer.wrap(new byte[] {7, 7, 7}));
            return new Object[] {at, Thread.interrupted()};
        });
        assertEquals(0L, out[0]);
        assertEquals(true, out[1], "interrupt status set on return");
        assertEquals(1, log.appends());
        close(log);
        assertArrayEquals(new byte[] {7, 7, 7}, Files.readAllBytes(p));
    }

    @Test
    void toStringReportsPathEndSyncsAppendsAndFailure() throws Exception {
        Path p = dir.resolve("state.log");
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, p));
        assertEquals("GroupCommitLog[" + p + ", end=0, syncs=0, appends=0]", log.toString());
        inTask(rt, () -> log.append(ByteBuffer.wrap(new byte[5])));
        assertEquals("GroupCommitLog[" + p + ", end=5, syncs=1, appends=1]", log.toString());
        close(log);

        Path ro = dir.resolve("readonly.log");
        Files.write(ro, new byte[] {9});
        GroupCommitLog failed = inTask(rt, () -> GroupCommitLog.over(AsyncFile.open(rt, ro, StandardOpenOption.READ)));
        CompletionException e = assertThrows(CompletionException.class,
                () -> failed.appendAsync(ByteBuffer.wrap(new byte[] {1})).join());
        assertTrue(e.getCause().getMessage().contains("write failed"), e.getCause().getMessage());
        assertEquals("GroupCommitLog[" + ro + ", end=1, syncs=0, appends=0, failed]", failed.toString());
        close(failed);
    }

    @Test
    void afterTheRuntimeClosedAppendsFailAsRuntimeClosedAndCloseReturns() throws Exception {
        Path p = dir.resolve("closed.log");
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, p));
        inTask(rt, () -> log.append(ByteBuffer.wrap(new byte[] {1})));
        rt.close();
        CompletionException e = assertThrows(CompletionException.class,
                () -> log.appendAsync(ByteBuffer.wrap(new byte[] {2})).join());
        assertInstanceOf(RuntimeClosedException.class, e.getCause());
        log.close(); // nothing is left to drain: returns
        assertFalse(log.isOpen());
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(p), "only the acknowledged record");
    }
}
