package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The executor-service view's lifecycle states, its timed waits and invokeAny/timed invokeAll. */
class ExecutorServiceViewStateTest {

    @Test
    @Timeout(20)
    void statesMoveFromRunningThroughShutDownToTerminated() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(1)) {
            ExecutorService es = rt.executorService();
            assertFalse(es.isTerminated(), "not shut down yet");
            assertFalse(es.awaitTermination(0, TimeUnit.SECONDS), "an open view does not terminate");
            assertTrue(es.toString().contains("running"), es.toString());

            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            es.execute(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            started.await();
            es.shutdown();
            assertTrue(es.isShutdown());
            assertFalse(es.isTerminated(), "a command is still running");
            assertFalse(es.awaitTermination(0, TimeUnit.SECONDS));
            assertTrue(es.toString().contains("shut down") && es.toString().contains("1 commands"), es.toString());
            RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
                    () -> es.execute(() -> { }));
            assertTrue(refused.getMessage().contains("view"), "the view, not the runtime, is shut down");

            release.countDown();
            assertTrue(es.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(es.isTerminated());
            assertTrue(es.toString().contains("terminated") && es.toString().contains("0 commands"), es.toString());
            assertFalse(rt.isClosed(), "the view's shutdown leaves the runtime open");
        }
    }

    @Test
    @Timeout(20)
    void invokeAnyReturnsTheResultOfACallableThatSucceeded() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            ExecutorService es = rt.executorService();
            List<Callable<String>> calls = List.of(() -> {
                throw new IllegalStateException("first fails");
            }, () -> "second");
            assertEquals("second", es.invokeAny(calls));
            assertEquals("second", es.invokeAny(calls, 10, TimeUnit.SECONDS));
            ExecutionException allFailed = assertThrows(ExecutionException.class,
                    () -> es.invokeAny(List.<Callable<String>>of(() -> {
                        throw new IllegalStateException("only one");
                    })));
            assertEquals("only one", allFailed.getCause().getMessage());
            es.shutdown();
            assertTrue(es.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @Timeout(20)
    void timedInvokeAllReturnsEveryResultOrCancelsAllWhenNoTimeIsLeft() throws Exception {
        try (Runtime rt = RuntimeTestSupport.nio(2)) {
            ExecutorService es = rt.executorService();
            List<Callable<Integer>> calls = List.of(() -> 7, () -> 8);
            List<Future<Integer>> results = es.invokeAll(calls, 10, TimeUnit.SECONDS);
            assertEquals(7, results.get(0).get());
            assertEquals(8, results.get(1).get());
            List<Future<Integer>> none = es.invokeAll(calls, 0, TimeUnit.SECONDS);
            assertEquals(2, none.size());
            assertTrue(none.stream().allMatch(Future::isCancelled), "no time left: nothing runs");
            es.shutdown();
            assertTrue(es.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
