package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
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
 * AsyncFile at its edges on both backends: empty reads are not end of file, fsync and fdatasync without
 * blocking, open options it does not know, a path through a regular file, opening on a closed runtime, and the
 * blocking calls refused on an event-loop thread.
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncFileBoundariesTest {
    @Parameter
    BackendKind backend;
    @TempDir
    Path dir;
    Runtime rt;
    Arena arena;

    @BeforeEach
    void start() {
        rt = FsTestSupport.runtime(backend, 1);
        arena = Arena.ofShared();
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    @Test
    void anEmptyReadIsZeroEvenAtEndOfFileAndAFullOneIsMinusOne() throws Exception {
        Path p = dir.resolve("ten.bin");
        java.nio.file.Files.write(p, new byte[10]);
        MemorySegment empty = arena.allocate(1).asSlice(0, 0);
        MemorySegment buf = arena.allocate(16);
        inTask(rt, () -> {
            try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.READ)) {
                assertEquals(0, f.read(empty, 100), "positional, past the end");
                assertEquals(-1, f.read(buf, 100));
                assertEquals(10, f.read(buf), "at the file position");
                assertEquals(-1, f.read(buf));
                assertEquals(0, f.read(empty));
                assertEquals(0, f.read(new MemorySegment[] {empty, empty}, 100), "vectored, nothing asked");
                assertEquals(-1, f.read(new MemorySegment[] {empty, buf}, 100));
                assertEquals(0, f.readAsync(empty, 100).toCompletableFuture().join());
            }
            return null;
        });
    }

    @Test
    void fsyncAndFdatasyncWithoutBlocking() throws Exception {
        Path p = dir.resolve("sync.bin");
        inTask(rt, () -> {
            try (AsyncFile f = AsyncFile.open(rt, p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                MemorySegment one = arena.allocate(1);
                assertEquals(1, f.writeAsync(one, 0).toCompletableFuture().join());
                assertEquals(0, f.fsyncAsync(false).toCompletableFuture().join());
                assertEquals(0, f.fsyncAsync(true).toCompletableFuture().join());
            }
            return null;
        });
        assertEquals(1, java.nio.file.Files.size(p));
    }

    @Test
    void anOpenOptionItDoesNotKnowIsRefused() {
        OpenOption custom = new OpenOption() {
            @Override
            public String toString() {
                return "CUSTOM";
            }
        };
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> AsyncFile.open(rt, dir.resolve("x"), StandardOpenOption.READ, custom));
        assertEquals("unsupported open option: CUSTOM", e.getMessage());
    }

    @Test
    void aPathThroughARegularFileIsNotADirectory() throws Exception {
        Path file = dir.resolve("plain");
        java.nio.file.Files.write(file, new byte[] {1});
        NotDirectoryException e = assertThrows(NotDirectoryException.class,
                () -> inTask(rt, () -> AsyncFile.open(rt, file.resolve("child"), StandardOpenOption.READ)));
        assertEquals(file.resolve("child").toString(), e.getFile());
        assertEquals(Errno.ENOTDIR, ErrnoException.errnoOf(e));
    }

    @Test
    void openingOnAClosedRuntimeFailsAsRuntimeClosed() {
        rt.close();
        CompletableFuture<AsyncFile> f = AsyncFile.openAsync(rt, dir.resolve("late"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE).toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertInstanceOf(RuntimeClosedException.class, e.getCause());
    }

    @Test
    void closeAndRegisterAreRefusedOnAnEventLoopThread() throws Exception {
        Path p = dir.resolve("loop.bin");
        AsyncFile f = inTask(rt, () -> AsyncFile.open(rt, p, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        CompletableFuture<Throwable> close = new CompletableFuture<>();
        CompletableFuture<Throwable> register = new CompletableFuture<>();
        rt.executeOnLoop(() -> {
            close.complete(assertThrows(IllegalStateException.class, f::close));
            register.complete(assertThrows(IllegalStateException.class, f::register));
        });
        assertEquals("AsyncFile.close() on an event-loop thread would block the loop: close from a task",
                close.get().getMessage());
        assertEquals("AsyncFile.register() on an event-loop thread would block the loop: register from a task",
                register.get().getMessage());
        assertTrue(f.isOpen(), "still open: the refused close did nothing");
        inTask(rt, () -> {
            f.close();
            return null;
        });
        assertFalse(f.isOpen());
    }
}
