package io.zokio.bench;

import io.zokio.bridge.DefaultRuntime;
import io.zokio.loop.IdleMode;
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
 * {@code io.zokio.bridge} sockets with a runtime of default settings but the run's idle mode (installed with
 * {@link DefaultRuntime#set};
 * the load's workers are its tasks, so a blocked read parks on Zokio's loops), and {@code jdk-socket}, the same
 * driver on the JDK's sockets with JDK virtual threads. {@link Measured} runs the warm-up and the interleaved
 * {@link Rounds}.
 */
final class DriverImpls implements AutoCloseable {
    static final String ZOKIO = "zokio-socket";
    static final String JDK = "jdk-socket";
    static final List<String> IMPLS = List.of(ZOKIO, JDK);

    private final Runtime rt;

    /** @param idle the idle mode of the runtime's loops: the run's {@code --idle} */
    DriverImpls(IdleMode idle) {
        rt = Runtime.builder().idleMode(idle).build();
        DefaultRuntime.set(rt);
    }

    /** The run's idle mode as the lines print it ({@code zokio_idle=}): lower case. */
    static String idleName(Options o) {
        return o.idleMode().name().toLowerCase(java.util.Locale.ROOT);
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
            // the warm-up round: the JIT compiles both paths before anything is recorded
            Map<LevelCase<String>, Rounds.Outcome> out = Rounds.run(o, LevelCase.grid(workloads.size(), IMPLS),
                    LevelCase::level, (c, round) -> DriverLoad.sample(window(impls, c.impl(),
                            workloads.get(c.level()), round == Rounds.WARMUP ? warmupMs : windowMs, op)));
            for (int w = 0; w < workloads.size(); w++) {
                for (String impl : IMPLS) {
                    DriverLoad.report(reporter, bench, workloads.get(w), impl, out.get(new LevelCase<>(impl, w)),
                            fixed);
                }
            }
            for (int w = 0; w < workloads.size(); w++) {
                DriverLoad.ratioNote(reporter, bench, workloads.get(w), ZOKIO, out.get(new LevelCase<>(ZOKIO, w)),
                        JDK, out.get(new LevelCase<>(JDK, w)));
            }
        }

        private DriverLoad.Window window(DriverImpls impls, String impl, String workload, long ms, WorkloadOp<S> op)
                throws Exception {
            return DriverLoad.run(impls.starter(impl), pools.get(impl), workers, ms * 1_000_000L,
                    c -> op.run(workload, c), serverCpu);
        }
    }
}
