package io.zokio.bench.rt;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.zokio.Zokio;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.ZokioImpl;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Oneshot;
import io.zokio.runtime.Runtime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> {@link #spawn} from any thread (the bench's main thread and the tasks themselves);
 * {@link #open} and {@link #close} from the bench's main thread only.
 *
 * <p>One scheduler under test, with two workers: what a "task" is and how one is spawned, yielded and woken.
 * Two families share the kernels of {@link SchedBench}:
 * <ul>
 *   <li>callback executors ({@link #threaded()} false): a task is a {@link Runnable} run to its end; a yield is
 *       re-submitting the task, a wait is a continuation re-submitted when the value arrives
 *       ({@link CallbackOneshot}). {@code zokio-task} ({@link Runtime#executeOnLoop}), {@code jdk-fjp}
 *       ({@code ForkJoinPool(2).execute}), {@code netty-loop} ({@code MultiThreadIoEventLoopGroup(2, NIO)}: a
 *       loop's own tasks stay on it, outside ones go to the loops round-robin).</li>
 *   <li>threads ({@link #threaded()} true): a task is a virtual thread that may park; a yield is
 *       {@link Thread#yield()}. {@code zokio-vt-affine} and {@code zokio-vt-shared} ({@link Runtime#spawn} in
 *       each {@link CarrierMode}, waits on {@link Oneshot}), {@code jdk-vthreads}
 *       ({@link Thread#startVirtualThread}, the JDK's default scheduler, waits on {@link CompletableFuture}).</li>
 * </ul>
 */
abstract class SchedImpl implements AutoCloseable {
    /**
     * Worker threads of every impl but jdk-vthreads (whose JDK scheduler sizes itself to the CPUs the process
     * may use): 2, or {@code -Dzokio.bench.sched.workers=N} (with {@code taskset}, for a scaling run).
     */
    static final int WORKERS = Integer.getInteger("zokio.bench.sched.workers", 2);

    /** Every impl name, in run order; the last three are the baselines. */
    static final List<String> NAMES = List.of("zokio-task", "zokio-vt-affine", "zokio-vt-shared", "jdk-fjp",
            "jdk-vthreads", "netty-loop");
    static final List<String> BASELINES = List.of("jdk-fjp", "jdk-vthreads", "netty-loop");

    /**
     * The impls to run: {@link #NAMES}, or the comma-separated subset named by the system property
     * {@code zokio.bench.impls} (for profiling one impl; a result line is printed only for those run).
     */
    static List<String> selected() {
        String p = System.getProperty("zokio.bench.impls");
        if (p == null || p.isBlank()) {
            return NAMES;
        }
        List<String> picked = List.of(p.split(","));
        for (String n : picked) {
            if (!NAMES.contains(n)) {
                throw new IllegalArgumentException("zokio.bench.impls: unknown impl " + n + "; known: " + NAMES);
            }
        }
        return NAMES.stream().filter(picked::contains).toList();
    }

    /** A one-value channel for the thread family: {@link #await} parks the calling task. */
    interface Signal {
        void send();

        void await();
    }

    private final String name;

    SchedImpl(String name) {
        this.name = name;
    }

    final String name() {
        return name;
    }

    /** Runs {@code task} as a new task. */
    abstract void spawn(Runnable task);

    /** True when tasks are threads that may park (the thread family). */
    abstract boolean threaded();

    /** Thread family: lets other tasks run. */
    void yieldNow() {
        throw new UnsupportedOperationException(name + " is a callback executor");
    }

    /** Thread family: a new one-value channel. */
    Signal newSignal() {
        throw new UnsupportedOperationException(name + " is a callback executor");
    }

    /** Pairs printed on the result line. */
    abstract Map<String, String> extras();

    @Override
    public abstract void close();

    /**
     * Opens impl {@code name} with {@link #WORKERS} workers.
     *
     * @throws ZokioImpl.Unavailable with the reason when it cannot run here
     */
    static SchedImpl open(String name, Options o) throws ZokioImpl.Unavailable {
        return switch (name) {
            case "zokio-task" -> new ZokioTask(o);
            case "zokio-vt-affine" -> new ZokioVt(name, o, CarrierMode.AFFINE);
            case "zokio-vt-shared" -> new ZokioVt(name, o, CarrierMode.SHARED);
            case "jdk-fjp" -> new Fjp();
            case "jdk-vthreads" -> new VThreads();
            case "netty-loop" -> new NettyLoop();
            default -> throw new IllegalArgumentException("unknown impl " + name);
        };
    }

    /** A two-worker runtime in {@code mode}, or the reason it cannot be built. */
    static Runtime runtime(String name, Options o, CarrierMode mode) throws ZokioImpl.Unavailable {
        Runtime rt;
        try {
            rt = Runtime.builder().workers(WORKERS).idleMode(o.idleMode()).carrierMode(mode)
                    .threadNamePrefix(name + "-").build();
        } catch (RuntimeException | LinkageError e) {
            throw new ZokioImpl.Unavailable(name + " cannot build its runtime: " + Reporter.reason(e), e);
        }
        if (rt.carrierMode() != mode) {
            rt.close();
            throw new ZokioImpl.Unavailable("carrier mode " + mode + " unavailable (the runtime fell back to "
                    + rt.carrierMode() + "; AFFINE needs --add-opens java.base/java.lang=ALL-UNNAMED)");
        }
        return rt;
    }

    static Map<String, String> zokioExtras(Options o, Runtime rt) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("workers", Integer.toString(rt.workers()));
        m.put("backend", rt.backendName());
        m.put("idle", o.idleMode().name().toLowerCase(Locale.ROOT));
        m.put("carrier", rt.carrierMode().name().toLowerCase(Locale.ROOT));
        return m;
    }

    /** Lightweight tasks on the workers themselves: {@link Runtime#executeOnLoop}. */
    private static final class ZokioTask extends SchedImpl {
        private final Runtime rt;
        private final Map<String, String> extras;

        ZokioTask(Options o) throws ZokioImpl.Unavailable {
            super("zokio-task");
            rt = runtime(name(), o, CarrierMode.SHARED);
            extras = zokioExtras(o, rt);
            extras.remove("carrier"); // no virtual threads involved
        }

        @Override
        void spawn(Runnable task) {
            rt.executeOnLoop(task);
        }

        @Override
        boolean threaded() {
            return false;
        }

        @Override
        Map<String, String> extras() {
            return extras;
        }

        @Override
        public void close() {
            rt.close();
        }
    }

    /** Virtual-thread tasks: {@link Runtime#spawn}; waits on {@link Oneshot}, yields with {@link Zokio#yieldNow}. */
    private static final class ZokioVt extends SchedImpl {
        private final Runtime rt;
        private final Map<String, String> extras;

        ZokioVt(String name, Options o, CarrierMode mode) throws ZokioImpl.Unavailable {
            super(name);
            rt = runtime(name, o, mode);
            extras = zokioExtras(o, rt);
        }

        @Override
        void spawn(Runnable task) {
            rt.spawn(() -> {
                task.run();
                return null;
            });
        }

        @Override
        boolean threaded() {
            return true;
        }

        @Override
        void yieldNow() {
            Zokio.yieldNow();
        }

        @Override
        Signal newSignal() {
            Oneshot<Boolean> o = new Oneshot<>();
            return new Signal() {
                @Override
                public void send() {
                    o.send(Boolean.TRUE);
                }

                @Override
                public void await() {
                    try {
                        o.receive();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            };
        }

        @Override
        Map<String, String> extras() {
            return extras;
        }

        @Override
        public void close() {
            rt.close();
        }
    }

    /** {@code new ForkJoinPool(2)}, tasks by {@code execute} (a worker's own submissions go to its queue). */
    private static final class Fjp extends SchedImpl {
        private final ForkJoinPool pool = new ForkJoinPool(WORKERS);

        Fjp() {
            super("jdk-fjp");
        }

        @Override
        void spawn(Runnable task) {
            pool.execute(task);
        }

        @Override
        boolean threaded() {
            return false;
        }

        @Override
        Map<String, String> extras() {
            return Map.of("workers", Integer.toString(WORKERS));
        }

        @Override
        public void close() {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link Thread#startVirtualThread} on the JDK's default scheduler; waits on {@link CompletableFuture}. */
    private static final class VThreads extends SchedImpl {
        VThreads() {
            super("jdk-vthreads");
        }

        @Override
        void spawn(Runnable task) {
            Thread.startVirtualThread(task);
        }

        @Override
        boolean threaded() {
            return true;
        }

        @Override
        void yieldNow() {
            Thread.yield();
        }

        @Override
        Signal newSignal() {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            return new Signal() {
                @Override
                public void send() {
                    f.complete(Boolean.TRUE);
                }

                @Override
                public void await() {
                    f.join();
                }
            };
        }

        @Override
        Map<String, String> extras() {
            String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
            return Map.of("workers", p != null ? p
                    : Integer.toString(java.lang.Runtime.getRuntime().availableProcessors()));
        }

        @Override
        public void close() {
            // the default scheduler is shared and lives as long as the JVM
        }
    }

    /**
     * {@code MultiThreadIoEventLoopGroup(2, NioIoHandler)}, used the Netty way: a task submitted on a loop stays
     * on that loop ({@code executor().execute}), one from outside goes to {@code group.next()} (round-robin).
     * Netty does not steal, so the tasks one loop spawns never run on the other.
     */
    private static final class NettyLoop extends SchedImpl {
        private final MultiThreadIoEventLoopGroup group;
        private final EventExecutor[] loops = new EventExecutor[WORKERS];

        NettyLoop() throws ZokioImpl.Unavailable {
            super("netty-loop");
            try {
                group = new MultiThreadIoEventLoopGroup(WORKERS, NioIoHandler.newFactory());
            } catch (RuntimeException | LinkageError e) {
                throw new ZokioImpl.Unavailable("netty-loop cannot start its group: " + Reporter.reason(e), e);
            }
            int i = 0;
            for (EventExecutor e : group) {
                loops[i++] = e;
            }
        }

        @Override
        void spawn(Runnable task) {
            for (EventExecutor e : loops) {
                if (e.inEventLoop()) {
                    e.execute(task);
                    return;
                }
            }
            group.next().execute(task);
        }

        @Override
        boolean threaded() {
            return false;
        }

        @Override
        Map<String, String> extras() {
            return Map.of("workers", Integer.toString(WORKERS), "io", "nio");
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}
