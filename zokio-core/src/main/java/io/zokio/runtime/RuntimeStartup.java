package io.zokio.runtime;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Clock;
import io.zokio.loop.EventLoop;
import io.zokio.loop.EventLoopBuilder;
import io.zokio.loop.IdleMode;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * <b>Threading:</b> static helpers called by {@link Runtime}'s constructor on the building thread.
 *
 * <p>The parts of a runtime's start that need no runtime state: the carrier mode and its thread factory, the
 * workers' event loops, and the one startup line. Nothing here is done eagerly beyond what the build needs:
 * the JMX view is published by {@link RuntimeMXBeanImpl} off the build path.
 */
final class RuntimeStartup {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");

    private RuntimeStartup() {
    }

    /** The carrier mode chosen, its virtual-thread factory, and how the startup line names it. */
    record Carriers(CarrierMode mode, ThreadFactory factory, String note) {
    }

    /**
     * AFFINE when asked for (or by default) and the JDK's hooks are open, with {@code scheduler} running the
     * continuations; else SHARED, the JDK's scheduler. The reason for a fallback goes into the startup line.
     */
    static Carriers carriers(RuntimeBuilder b, boolean deterministic, Executor scheduler) {
        boolean wantAffine = deterministic || b.carrierMode == null || b.carrierMode == CarrierMode.AFFINE;
        if (wantAffine && AffineCarriers.available()) {
            return new Carriers(CarrierMode.AFFINE, AffineCarriers.factory(scheduler),
                    b.carrierMode == null ? "AFFINE (detected)" : "AFFINE");
        }
        // unnamed: a name per spawn costs a string; thread dumps show the task's stack anyway
        return new Carriers(CarrierMode.SHARED, Thread.ofVirtual().factory(),
                wantAffine ? "SHARED (AFFINE unavailable: " + AffineCarriers.UNAVAILABLE_CAUSE + ")" : "SHARED");
    }

    /** The workers started: their threads and loops, the blocking pool, the runtime's name. */
    record Workers(Thread[] threads, EventLoop[] loops, BlockingPool blockingPool, String name) {
    }

    /** Opens every worker's loop and starts the worker threads of {@code shared}; returns once each runs. */
    static Workers startWorkers(Shared shared, RuntimeBuilder b, IdleMode idle) {
        Thread[] threads = new Thread[b.workers];
        // needs no loop (and starts no thread until used): made first, while a cold process's io_uring binding
        // may still be in preparation
        BlockingPool pool = new BlockingPool(b.blockingThreads, b.adaptiveTuning);
        EventLoop[] loops = openLoops(b, idle);
        for (int i = 0; i < b.workers; i++) {
            shared.workers[i] = new Worker(i, shared, loops[i]);
        }
        for (int i = 0; i < b.workers; i++) {
            threads[i] = new Worker.WorkerThread(shared.workers[i], b.threadNamePrefix + i);
            threads[i].setDaemon(true);
            threads[i].start(); // the start is the happens-before edge that hands the worker to its thread
        }
        shared.awaitStarted();
        String p = b.threadNamePrefix;
        return new Workers(threads, loops, pool, p.endsWith("-") ? p.substring(0, p.length() - 1) : p);
    }

    /** The one worker of a deterministic runtime, on the test kit's loop and virtual {@code clock}. */
    static Workers startDeterministic(Shared shared, RuntimeBuilder b, Clock clock) {
        // read on the worker's thread once it runs, after workers[0] is set
        EventLoop loop = b.deterministic.open(clock, () -> !shared.workers[0].wheelIsEmpty());
        shared.workers[0] = new Worker(0, shared, loop, DetRunSet.create(shared.inject, b.deterministicSeed));
        Thread t = new Worker.WorkerThread(shared.workers[0], "zokio-deterministic-0");
        t.setDaemon(true);
        t.start();
        shared.awaitStarted();
        return new Workers(new Thread[] {t}, new EventLoop[] {loop}, new BlockingPool(b.blockingThreads, false),
                "zokio-deterministic");
    }

    /** One event loop per worker, each passed through the builder's decorator; all closed if one fails. */
    static EventLoop[] openLoops(RuntimeBuilder b, IdleMode idle) {
        EventLoop[] loops = new EventLoop[b.workers];
        try {
            for (int i = 0; i < b.workers; i++) {
                loops[i] = b.decorate(EventLoop.builder().backend(b.backend).ringEntries(b.ringEntries)
                        .idleMode(idle).clock(b.clock).build(), i);
            }
        } catch (RuntimeException e) {
            for (EventLoop l : loops) {
                if (l != null) {
                    l.close();
                }
            }
            throw e;
        }
        return loops;
    }

    /**
     * The runtime's one startup line: workers, backend (and why io_uring was not used), carriers, idle mode. At
     * DEBUG when the runtime got what it was built for; at INFO, on the building thread, when it fell back
     * (io_uring refused under {@code AUTO}, or AFFINE carriers unavailable), which a user wants to see without
     * asking. The DEBUG line is logged by a short-lived daemon thread: even a level check initialises the
     * logging framework on first use (tens of milliseconds), which the build need not wait for.
     */
    static void logStarted(String name, RuntimeBuilder b, EventLoop loop0, Carriers carriers, IdleMode idle) {
        String fallback = EventLoopBuilder.fallbackCause();
        boolean uringRefused = b.backend == BackendKind.AUTO && !loop0.features().kernelDescriptors()
                && fallback != null;
        boolean affineRefused = carriers.mode() == CarrierMode.SHARED && b.carrierMode != CarrierMode.SHARED;
        System.Logger.Level level = uringRefused || affineRefused ? System.Logger.Level.INFO
                : System.Logger.Level.DEBUG;
        Object[] args = {name, b.workers, loop0.features().description(), carriers.note(), idle,
                b.adaptiveTuning ? "on" : "off", uringRefused ? ", io_uring unavailable: " + fallback : ""};
        if (level == System.Logger.Level.INFO) {
            logStartLine(level, args);
        } else {
            Thread.ofPlatform().daemon().name("zokio-startup-log").start(() -> logStartLine(level, args));
        }
    }

    private static void logStartLine(System.Logger.Level level, Object[] args) {
        if (LOG.isLoggable(level)) {
            LOG.log(level, "zokio runtime {0}: {1} workers, backend {2}, carriers {3}, idle {4},"
                    + " adaptive tuning {5}{6}", args);
        }
    }
}
