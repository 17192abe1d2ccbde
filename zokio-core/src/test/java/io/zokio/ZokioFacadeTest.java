package io.zokio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Interval;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Scope;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@link Zokio} facade: each entry point outside a runtime, inside a task, and on an event-loop thread;
 * {@link Zokio#await} on stages that do and do not convert to a {@link CompletableFuture}. No I/O: one NIO
 * worker.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ZokioFacadeTest {
    Runtime rt;

    @BeforeEach
    void start() {
        rt = Runtime.builder().workers(1).backend(BackendKind.NIO).build();
    }

    @AfterEach
    void stop() {
        rt.close();
    }

    /** A stage that refuses {@code toCompletableFuture}, as third-party CompletionStage implementations may. */
    @SuppressWarnings("unchecked")
    static <T> CompletionStage<T> opaque(CompletableFuture<T> inner) {
        InvocationHandler h = (proxy, m, args) -> {
            if (m.getName().equals("toCompletableFuture")) {
                throw new UnsupportedOperationException("opaque stage");
            }
            try {
                return m.invoke(inner, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (CompletionStage<T>) Proxy.newProxyInstance(ZokioFacadeTest.class.getClassLoader(),
                new Class<?>[] {CompletionStage.class}, h);
    }

    private static void assertOutsideRuntime(String method, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertEquals("Zokio." + method + "() outside a runtime: call it from a task", e.getMessage());
    }

    @Test
    void everyRuntimeEntryPointOutsideARuntimeNamesItselfAndTheFix() {
        assertOutsideRuntime("spawn", () -> Zokio.spawn(() -> 1));
        assertOutsideRuntime("spawn", () -> Zokio.spawn(() -> { }));
        assertOutsideRuntime("timeout", () -> Zokio.timeout(Duration.ofSeconds(1), () -> 1));
        assertOutsideRuntime("scope", Zokio::scope);
        assertOutsideRuntime("interval", () -> Zokio.interval(Duration.ofMillis(1)));
    }

    @Test
    void sleepOutsideARuntimeIsThreadSleepAndHonoursInterrupts() throws Exception {
        Zokio.sleep(Duration.ofMillis(1)); // returns: no runtime needed
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Zokio.sleep(Duration.ofHours(1)));
        assertFalse(Thread.interrupted(), "Thread.sleep clears the flag it reports");
    }

    @Test
    void spawnAndIntervalInsideATaskUseTheTasksRuntime() throws Exception {
        Object[] out = rt.spawn(() -> {
            Task<Runtime> child = Zokio.spawn(Runtime::current);
            AtomicBoolean ran = new AtomicBoolean();
            Task<Void> runnable = Zokio.spawn(() -> ran.set(true));
            runnable.join();
            Interval iv = Zokio.interval(Duration.ofMillis(5));
            return new Object[] {child.join(), ran.get(), iv};
        }).join();
        assertSame(rt, out[0]);
        assertEquals(true, out[1]);
        Interval iv = (Interval) out[2];
        assertEquals(Duration.ofMillis(5).toNanos(), iv.periodNs());
        assertEquals(Interval.MissedTickBehavior.BURST, iv.missedTickBehavior());
    }

    @Test
    void timeoutAndScopeInsideATask() throws Exception {
        int v = rt.spawn(() -> {
            try (Scope s = Zokio.scope()) {
                assertNotNull(s);
            }
            return Zokio.timeout(Duration.ofHours(1), () -> 41) + 1;
        }).join();
        assertEquals(42, v);
    }

    @Test
    void awaitReturnsTheValueOfAStageThatWillNotConvert() throws Exception {
        CompletableFuture<String> inner = new CompletableFuture<>();
        CompletionStage<String> stage = opaque(inner);
        assertThrows(UnsupportedOperationException.class, stage::toCompletableFuture);
        Task<String> waiter = rt.spawn(() -> Zokio.await(stage));
        inner.complete("done");
        assertEquals("done", waiter.join());
    }

    @Test
    void awaitRethrowsTheFailureOfAStageThatWillNotConvert() {
        IOException boom = new IOException("boom");
        CompletionException e = assertThrows(CompletionException.class,
                () -> Zokio.await(opaque(CompletableFuture.failedFuture(boom))));
        assertSame(boom, e.getCause());
    }

    @Test
    void awaitWrapsAFailedFuturesCauseAndPassesCancellationThrough() {
        IOException boom = new IOException("boom");
        CompletionException e = assertThrows(CompletionException.class,
                () -> Zokio.await(CompletableFuture.failedFuture(boom)));
        assertSame(boom, e.getCause());

        CompletableFuture<Object> cancelled = new CompletableFuture<>();
        cancelled.cancel(false);
        assertThrows(CancellationException.class, () -> Zokio.await(cancelled));
        assertThrows(NullPointerException.class, () -> Zokio.await(null));
    }

    @Test
    void blockingCallsOnAnEventLoopThreadAreRefused() throws Exception {
        CompletableFuture<Throwable> await = new CompletableFuture<>();
        CompletableFuture<Throwable> yield = new CompletableFuture<>();
        rt.executeOnLoop(() -> {
            assertTrue(Runtime.isWorkerThread());
            await.complete(catching(() -> Zokio.await(CompletableFuture.completedFuture(1))));
            yield.complete(catching(Zokio::yieldNow));
        });
        String worker = "event-loop thread ";
        Throwable a = await.join();
        assertInstanceOf(IllegalStateException.class, a);
        assertTrue(a.getMessage().startsWith("Zokio.await() on " + worker), a.getMessage());
        assertTrue(a.getMessage().endsWith("would block the loop: call it from a task (Runtime.spawn)"));
        Throwable y = yield.join();
        assertInstanceOf(IllegalStateException.class, y);
        assertTrue(y.getMessage().startsWith("Zokio.yieldNow() on " + worker), y.getMessage());
    }

    private static Throwable catching(Executable call) {
        try {
            call.execute();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
