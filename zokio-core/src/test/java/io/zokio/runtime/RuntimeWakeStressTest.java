package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zokio.loop.Completion;
import io.zokio.loop.IdleMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lost-wakeup hunts: work arrives from several threads while workers keep parking (each producer waits for
 * its previous task, so the runtime goes idle between tasks). A lost wakeup hangs until the @Timeout.
 */
class RuntimeWakeStressTest {

    @ParameterizedTest
    @EnumSource(value = IdleMode.class, names = {"BALANCED", "POWER_SAVE"})
    @Timeout(60)
    void producersThatWaitForEachTaskNeverStrandOne(IdleMode idle) throws Exception {
        try (Runtime rt = Runtime.builder().workers(4).backend(RuntimeTestSupport.testBackend()).idleMode(idle)
                .build()) {
            int producers = 4;
            int rounds = 5_000;
            AtomicInteger ran = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                Thread t = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < rounds; i++) {
                        CompletableFuture<Void> done = new CompletableFuture<>();
                        rt.executeOnLoop(() -> {
                            ran.incrementAndGet();
                            done.complete(null);
                        });
                        done.join();
                    }
                });
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(producers * rounds, ran.get());
        }
    }

    @ParameterizedTest
    @EnumSource(value = IdleMode.class, names = {"BALANCED", "POWER_SAVE"})
    @Timeout(60)
    void virtualThreadsDoingLoopOperationsOnParkedWorkers(IdleMode idle) throws Exception {
        try (Runtime rt = Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend()).idleMode(idle)
                .build()) {
            int tasks = 16;
            int ops = 2_000;
            List<Task<Integer>> ts = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int worker = t % rt.workers();
                ts.add(rt.spawn(() -> {
                    Completion nop = new Completion();
                    int ok = 0;
                    for (int i = 0; i < ops; i++) {
                        if (rt.submitAndAwait(worker, nop.prepNop()) == 0) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Task<Integer> t : ts) {
                assertEquals(ops, t.join());
            }
        }
    }
}
