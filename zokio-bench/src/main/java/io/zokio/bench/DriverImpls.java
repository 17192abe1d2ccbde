package io.zokio.bench;

import io.zokio.bridge.DefaultRuntime;
import io.zokio.runtime.Runtime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * <b>Threading:</b> used by the bench thread; the runtime's tasks and the JDK's virtual threads run the load.
 *
 * <p>The two impls of the driver benches ({@code pg}, {@code redis}): {@code zokio-socket}, the driver on
 * {@code io.zokio.bridge} sockets with a runtime of default settings (installed with {@link DefaultRuntime#set};
 * the load's workers are its tasks, so a blocked read parks on Zokio's loops), and {@code jdk-socket}, the same
 * driver on the JDK's sockets with JDK virtual threads. {@link Measured} runs a warm-up and the interleaved rounds.
 */
final class DriverImpls implements AutoCloseable {
    static final String ZOKIO = "zokio-socket";
    static final String JDK = "jdk-socket";
    static final List<String> IMPLS = List.of(ZOKIO, JDK);

    private final Runtime rt;

    DriverImpls() {
        rt = Runtime.builder().build();
        DefaultRuntime.set(rt);
    }

    Runtime zokio() {
        return rt;
    }

    Consumer<Runnable> starter(String impl) {
        if (impl.equals(ZOKIO)) {
            return r -> rt.spawn(() -> {
                r.run();
                return null;
            });
        }
        return r -> Thread.ofVirtual().start(r);
    }

    static int rounds(Options o) {
        return switch (o.scale()) {
            case FULL -> 5; // a shared host moves single rounds by 2x: the median of five is steadier
            case QUICK -> 3;
            case TINY -> 1;
        };
    }

    @Override
    public void close() {
        rt.close();
    }

    /** One operation of a workload on a pooled connection; returns the operations it counts for. */
    interface WorkloadOp<S> {
        int run(String workload, S connection) throws Exception;
    }

    /** The rounds of one bench: per workload and impl, the pool to use and the windows measured. */
    static final class Measured<S> {
        private final String bench;
        private final List<String> workloads;
        private final Map<String, BlockingQueue<S>> pools = new LinkedHashMap<>();
        private final DoubleSupplier serverCpu;
        private final int workers;

        Measured(String bench, List<String> workloads, BlockingQueue<S> zokioPool, BlockingQueue<S> jdkPool,
                DoubleSupplier serverCpu, int workers) {
            this.bench = bench;
            this.workloads = workloads;
            pools.put(ZOKIO, zokioPool);
            pools.put(JDK, jdkPool);
            this.serverCpu = serverCpu;
            this.workers = workers;
        }

        void run(Options o, Reporter reporter, DriverImpls impls, long warmupMs, long windowMs, WorkloadOp<S> op,
                Map<String, String> fixed) throws InterruptedException {
            Map<String, DriverLoad.Rounds> rounds = new LinkedHashMap<>();
            for (String w : workloads) {
                for (String impl : IMPLS) {
                    DriverLoad.Rounds r = new DriverLoad.Rounds();
                    rounds.put(w + "/" + impl, r);
                    try { // warm-up: the JIT compiles both paths before anything is recorded
                        window(impls, impl, w, warmupMs, op);
                    } catch (Exception e) {
                        r.failure = "warm-up failed: " + Reporter.reason(e);
                    }
                }
            }
            for (int round = 0; round < rounds(o); round++) {
                for (String w : workloads) {
                    for (String impl : IMPLS) {
                        DriverLoad.Rounds r = rounds.get(w + "/" + impl);
                        if (r.failure != null) {
                            continue;
                        }
                        try {
                            r.add(window(impls, impl, w, windowMs, op));
                        } catch (Exception e) {
                            r.failure = "failed: " + Reporter.reason(e);
                        }
                    }
                }
            }
            for (String w : workloads) {
                for (String impl : IMPLS) {
                    DriverLoad.report(reporter, bench, w, impl, rounds.get(w + "/" + impl), fixed);
                }
            }
            for (String w : workloads) {
                DriverLoad.ratioNote(reporter, bench, w, ZOKIO, rounds.get(w + "/" + ZOKIO), JDK,
                        rounds.get(w + "/" + JDK));
            }
        }

        private DriverLoad.Window window(DriverImpls impls, String impl, String workload, long ms, WorkloadOp<S> op)
                throws Exception {
            return DriverLoad.run(impls.starter(impl), pools.get(impl), workers, ms * 1_000_000L,
                    c -> op.run(workload, c), serverCpu);
        }
    }
}
