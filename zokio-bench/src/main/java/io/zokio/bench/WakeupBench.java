package io.zokio.bench;

import io.zokio.loop.Action;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>Threading:</b> the loop runs on the calling thread; one producer thread per measurement.
 *
 * <p>{@code wakeup}: libxev's async_pummel. A producer thread calls {@link EventLoop#execute} in a tight loop
 * while the loop thread runs the tasks, until the loop has run {@value #FULL_CALLBACKS} callbacks; each
 * {@link Rounds round} repeats that (a producer thread each time, included in the time) until the round's time has
 * passed. This measures the cross-thread path: the MPSC task queue and
 * the wakeup gate (a loop that is busy must not be woken by a syscall; an idle one must be woken promptly).
 * The producer keeps at most {@value #MAX_OUTSTANDING} tasks outstanding so memory stays bounded (libxev's
 * async handle coalesces instead of queueing). Implementations {@code zokio-uring}, {@code zokio-nio}; no
 * external baseline.
 */
public final class WakeupBench implements Bench {
    static final long FULL_CALLBACKS = 1_000_000;
    static final int MAX_OUTSTANDING = 1 << 16;

    @Override
    public String name() {
        return "wakeup";
    }

    @Override
    public String header(Options o) {
        return "wakeup: another thread calls loop.execute() until the loop has run " + callbacks(o)
                + " callbacks (libxev async_pummel), repeated for " + roundMs(o) + " ms per round (at least once), "
                + "a warm-up round then " + Rounds.count(o.scale()) + " interleaved rounds, a loop per impl; impls "
                + "zokio-uring, zokio-nio; no external baseline";
    }

    @Override
    public List<String> baselines() {
        return List.of();
    }

    /** Callbacks per round: libxev's million, except in the smoke run. */
    private static long callbacks(Options o) {
        return o.scale() == Scale.TINY ? 10_000 : FULL_CALLBACKS;
    }

    private static long roundMs(Options o) {
        return o.scale().millis(1_000, 100);
    }

    @Override
    public void run(Options o, Reporter reporter) throws InterruptedException {
        try (OpenLoops loops = new OpenLoops(o.idleMode())) {
            Map<ZokioImpl, Rounds.Outcome> out = Rounds.run(o, List.of(ZokioImpl.values()), (impl, round) -> {
                EventLoop l = loops.get(impl);
                return Rounds.timed(roundMs(o), () -> pummel(l, callbacks(o)));
            });
            for (ZokioImpl impl : ZokioImpl.values()) {
                Map<String, String> extras = new LinkedHashMap<>();
                extras.put("idle", o.idleMode().name().toLowerCase(Locale.ROOT));
                extras.put("backend", loops.backend(impl));
                reporter.outcome(name(), impl.implName(), out.get(impl), extras);
            }
        }
    }

    /** Runs until the loop has executed {@code target} producer tasks; returns that count. */
    private static long pummel(EventLoop loop, long target) throws InterruptedException {
        Counter counter = new Counter(target);
        // keeps the loop alive (hasWork) while the producer is between tasks; cancelled at the end
        Completion keepAlive = new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1))
                .callback((l, c, r) -> Action.DISARM);
        loop.submit(keepAlive);
        Thread producer = Thread.ofPlatform().name("wakeup-producer").start(() -> {
            long sent = 0;
            while (sent < counter.target) {
                if (sent - counter.ran() >= MAX_OUTSTANDING) {
                    Thread.onSpinWait();
                    continue;
                }
                loop.execute(counter);
                sent++;
            }
        });
        while (counter.ran() < target) {
            loop.run(RunMode.ONCE);
        }
        producer.join();
        Completion cancel = new Completion().prepCancel(keepAlive).callback((l, c, r) -> Action.DISARM);
        loop.submit(cancel);
        loop.run(RunMode.UNTIL_DONE);
        return counter.ran();
    }

    /** The task the producer submits again and again (one instance: no allocation per call). */
    private static final class Counter implements Runnable {
        final long target;
        /**
         * Written by the loop thread only (release store: no full fence per task); read with acquire by the
         * producer to bound the queue, where a stale value only makes it wait a little longer.
         */
        private final AtomicLong ran = new AtomicLong();

        Counter(long target) {
            this.target = target;
        }

        long ran() {
            return ran.getAcquire();
        }

        @Override
        public void run() {
            ran.setRelease(ran.getPlain() + 1);
        }
    }
}
