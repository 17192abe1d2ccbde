package io.zokio.examples;

import io.zokio.Zokio;
import io.zokio.loop.Completion;
import io.zokio.runtime.Channel;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> {@link #main} on the main thread; the workload runs on the runtime.
 *
 * <p>{@code ./zokio metrics-demo}: runs a known workload on a default runtime (100,000 lightweight tasks,
 * 10,000 virtual-thread tasks that sleep, yield and pass values through a channel, 10,000 NOP operations
 * awaited from a task with a 4 KiB buffer acquired and released from the runtime's pool each time, 1,000 scheduled
 * callbacks) and prints {@code Runtime.metrics()} before closing it.
 */
public final class MetricsDemo {
    private MetricsDemo() {
    }

    public static void main(String[] args) throws Exception {
        try (Runtime rt = Runtime.builder().threadNamePrefix("demo-").build()) {
            CountDownLatch light = new CountDownLatch(100_000);
            for (int i = 0; i < 100_000; i++) {
                rt.executeOnLoop(light::countDown);
            }
            light.await();
            Channel<Integer> ch = Channel.bounded(64);
            List<Task<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int v = i;
                tasks.add(rt.spawn(() -> {
                    Zokio.sleep(Duration.ofMillis(v % 7));
                    Zokio.yieldNow();
                    ch.send(v);
                    ch.receive();
                    return null;
                }));
            }
            for (Task<Object> t : tasks) {
                t.join();
            }
            rt.blockOn(() -> {
                Completion nop = new Completion();
                for (int i = 0; i < 10_000; i++) {
                    rt.submitAndAwait(nop.prepNop());
                    rt.buffers().acquire(4096).release(); // the runtime's pool: counted in its metrics
                }
                return null;
            });
            CountDownLatch timers = new CountDownLatch(1_000);
            for (int i = 0; i < 1_000; i++) {
                rt.schedule(Duration.ofMillis(i % 20), timers::countDown);
            }
            timers.await();
            System.out.print(rt.metrics().format());
        }
    }
}
