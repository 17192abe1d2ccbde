package io.zokio.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.EventLoop;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The worker loops of a runtime as net and fs see them: worker checks and picks, where the caller runs, and
 * {@link WorkerLoops#call} in place, through the runtime, refused, interrupted and after close, with each
 * failure surfacing as its documented type.
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WorkerLoopsTest {
    @Parameter
    BackendKind backend;
    Runtime rt;
    WorkerLoops wl;

    @BeforeEach
    void start() {
        if (backend == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        rt = Runtime.builder().workers(2).backend(backend).build();
        wl = WorkerLoops.of(rt);
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
    }

    @Test
    void oneInstancePerRuntimeWithItsWorkers() {
        assertSame(wl, WorkerLoops.of(rt));
        assertSame(rt, wl.runtime());
        assertEquals(2, wl.workers());
        assertNotEquals(wl.loop(0), wl.loop(1));
        assertFalse(wl.runtimeTerminated());
        assertThrows(NullPointerException.class, () -> WorkerLoops.of(null));
    }

    @Test
    void checkWorkerAcceptsOnlyTheRuntimesWorkers() {
        assertEquals(0, wl.checkWorker(0));
        assertEquals(1, wl.checkWorker(1));
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> wl.checkWorker(2));
        assertEquals("worker must be in 0..1: 2", high.getMessage());
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> wl.checkWorker(-1));
        assertEquals("worker must be in 0..1: -1", low.getMessage());
    }

    @Test
    void currentRuntimeIsTheCallingTasksOrAnExceptionNamingTheFix() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, WorkerLoops::currentRuntime);
        assertTrue(e.getMessage().startsWith("no Zokio runtime on this thread"), e.getMessage());
        assertSame(rt, rt.spawn(WorkerLoops::currentRuntime).join());
    }

    @Test
    void fromOutsideTheRuntimePicksGoRoundRobin() {
        assertEquals(-1, wl.callerWorker());
        assertFalse(wl.onLoopThread(0));
        assertFalse(wl.onLoopThread(1));
        assertFalse(wl.onWorkerPlatformThread());
        int first = wl.pickWorker();
        int second = wl.pickWorker();
        assertEquals((first + 1) % 2, second);
        assertEquals(first, wl.pickWorker());
    }

    @Test
    void onAWorkerThreadTheCallerIsThatWorkerAndCallsRunInPlace() throws Exception {
        CompletableFuture<Object[]> out = new CompletableFuture<>();
        rt.executeOnLoop(() -> {
            try {
                int w = wl.callerWorker();
                Thread self = Thread.currentThread();
                EventLoop ran = wl.call(w, loop -> {
                    assertSame(self, Thread.currentThread(), "in place, not handed over");
                    return loop;
                });
                IOException wrapped = assertThrows(IOException.class, () -> wl.call(w, loop -> {
                    throw new Exception("checked");
                }));
                IOException kept = assertThrows(IOException.class, () -> wl.call(w, loop -> {
                    throw new IOException("io");
                }));
                IllegalStateException other = assertThrows(IllegalStateException.class,
                        () -> wl.call(1 - w, loop -> "never"));
                out.complete(new Object[] {w, ran, wl.pickWorker(), wl.onLoopThread(w), wl.onWorkerPlatformThread(),
                        wrapped, kept, other});
            } catch (Throwable t) {
                out.completeExceptionally(t);
            }
        });
        Object[] r = out.join();
        int w = (int) r[0];
        assertTrue(w == 0 || w == 1, "worker " + w);
        assertSame(wl.loop(w), r[1]);
        assertEquals(w, r[2], "a worker picks itself");
        assertEquals(true, r[3]);
        assertEquals(true, r[4]);
        IOException wrapped = (IOException) r[5];
        assertEquals("checked", wrapped.getCause().getMessage());
        assertEquals("io", ((IOException) r[6]).getMessage());
        assertTrue(((IllegalStateException) r[7]).getMessage().contains("for another worker's socket"));
    }

    @Test
    void fromOutsideCallsRunOnTheLoopAndUnwrapTheirFailures() throws Exception {
        assertSame(wl.loop(1), wl.call(1, loop -> {
            assertTrue(wl.onLoopThread(1));
            assertEquals(1, wl.callerWorker());
            return loop;
        }));
        IOException io = new IOException("io");
        assertSame(io, assertThrows(IOException.class, () -> wl.call(0, loop -> {
            throw io;
        })));
        IllegalArgumentException iae = new IllegalArgumentException("bad");
        assertSame(iae, assertThrows(IllegalArgumentException.class, () -> wl.call(0, loop -> {
            throw iae;
        })));
        Exception checked = new Exception("checked");
        IOException wrapped = assertThrows(IOException.class, () -> wl.call(0, loop -> {
            throw checked;
        }));
        assertSame(checked, wrapped.getCause());
    }

    @Test
    void anInterruptedCallerStopsWaitingWithItsFlagSet() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> worker = new CompletableFuture<>();
        rt.executeOnLoop(() -> { // holds one loop until released, so that a call to it cannot finish first
            worker.complete(wl.callerWorker());
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        try {
            Thread.currentThread().interrupt();
            assertThrows(InterruptedIOException.class, () -> wl.call(worker.join(), loop -> 1));
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        } finally {
            release.countDown();
        }
    }

    @Test
    void afterCloseACallIsRefusedAsRuntimeClosed() {
        rt.close();
        assertTrue(wl.runtimeTerminated());
        RuntimeClosedException e = assertThrows(RuntimeClosedException.class, () -> wl.call(0, loop -> 1));
        assertInstanceOf(java.util.concurrent.RejectedExecutionException.class, e.getCause());
    }
}
