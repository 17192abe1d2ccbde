package io.zokio.fuzz;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Channel;
import io.zokio.runtime.ChannelClosedException;
import io.zokio.runtime.Oneshot;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Scope;
import io.zokio.runtime.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random sequences of {@link Channel}, {@link Oneshot}, {@link Task}, {@link Scope} and runtime timer calls
 * from two virtual threads (send, trySend, sendAsync, receive, tryReceive, receiveAsync, cancelled stages,
 * close; spawn, cancel, join, timeout, sleep and schedule with negative, zero and short durations; scopes
 * joined and closed, spawning after close). Each call returns or throws what it documents, and the channel
 * conserves values: every value whose send succeeded is received exactly once (or is still queued at the
 * end), and no value is received that was not sent. Then the runtime closes with no thread left.
 */
@AddLifecycleHook(Fuzz.Seeded.class)
class SyncApiFuzzTest {
    private static final int OPS = 20;
    private static final long SETTLE_MS = 200;

    @Provide
    Arbitrary<List<Step>> sequences() {
        return Step.sequences(OPS, 10, 50);
    }

    @Property(tries = 50)
    void channelsAndTasksOnNio(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.NIO, steps);
    }

    @Property(tries = 25)
    @AddLifecycleHook(Fuzz.NeedsIoUring.class)
    void channelsAndTasksOnIoUring(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.IO_URING, steps);
    }

    private static void run(BackendKind kind, List<Step> steps) throws Exception {
        Fuzz.Log log = new Fuzz.Log();
        log.add("backend " + kind + ", steps " + steps);
        Leaks leaks = Leaks.before(null);
        Runtime rt = Leaks.runtime(kind, 2);
        try {
            State s = new State(rt, log, (int) Math.floorMod(steps.get(0).num(), 5L) - 1);
            CountDownLatch done = new CountDownLatch(2);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int t = 0; t < 2; t++) {
                int me = t;
                rt.spawn(() -> {
                    try {
                        for (int i = me; i < steps.size(); i += 2) {
                            s.step("T" + me + " #" + i + " ", steps.get(i));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
            }
            done.await(SETTLE_MS, TimeUnit.MILLISECONDS); // a blocked send or receive waits for the close below
            s.closeAll();
            if (!done.await(Fuzz.HANG_MS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("hang: a call was not released by close and cancel\n" + log);
            }
            if (!failures.isEmpty()) {
                Throwable f = failures.get(0);
                throw f instanceof AssertionError a ? a : new AssertionError("sequence failed\n" + log, f);
            }
            s.checkConservation();
        } catch (Throwable t) {
            Leaks.closeQuietly(rt); // report the sequence's failure, not what it left open by stopping early
            throw t;
        }
        leaks.closeAndCheck(rt, log);
    }

    /** Shared by the two threads of a sequence. */
    private static final class State {
        final Runtime rt;
        final Fuzz.Log log;
        final Channel<Integer> channel;
        final Oneshot<Integer> oneshot = new Oneshot<>();
        final AtomicInteger next = new AtomicInteger();
        /** Values whose send succeeded, or whose async send is pending (settled at the end). */
        final List<Integer> sent = new CopyOnWriteArrayList<>();
        final List<Integer> received = new CopyOnWriteArrayList<>();
        final Map<Integer, CompletionStage<Void>> asyncSends = new java.util.concurrent.ConcurrentHashMap<>();
        final List<CompletionStage<Integer>> asyncReceives = new CopyOnWriteArrayList<>();
        final List<Task<Integer>> tasks = new CopyOnWriteArrayList<>();
        final List<Scope> scopes = new CopyOnWriteArrayList<>();

        State(Runtime rt, Fuzz.Log log, int capacity) {
            this.rt = rt;
            this.log = log;
            Channel<Integer> c = log.call("Channel.bounded(" + capacity + ")", () -> Channel.bounded(capacity),
                    IllegalArgumentException.class);
            this.channel = c != null ? c : Channel.bounded(2);
        }

        void step(String at, Step s) {
            int v = next.incrementAndGet();
            Duration d = duration(s);
            switch (s.op()) {
                case 0 -> {
                    if (log.call(at + "send(" + v + ")", () -> {
                        channel.send(v);
                        return true;
                    }, ChannelClosedException.class, InterruptedException.class) != null) {
                        sent.add(v);
                    }
                }
                case 1 -> {
                    Boolean ok = log.call(at + "trySend(" + v + ")", () -> channel.trySend(v),
                            ChannelClosedException.class);
                    if (Boolean.TRUE.equals(ok)) {
                        sent.add(v);
                    }
                }
                case 2 -> {
                    CompletionStage<Void> f = log.call(at + "sendAsync(" + v + ")", () -> channel.sendAsync(v));
                    asyncSends.put(v, f);
                }
                case 3 -> {
                    Integer r = log.call(at + "receive", channel::receive, ChannelClosedException.class,
                            InterruptedException.class);
                    if (r != null) {
                        received.add(r);
                    }
                }
                case 4 -> {
                    Integer r = log.call(at + "tryReceive", channel::tryReceive);
                    if (r != null) {
                        received.add(r);
                    }
                }
                case 5 -> asyncReceives.add(log.call(at + "receiveAsync", channel::receiveAsync));
                case 6 -> {
                    if (!asyncReceives.isEmpty() && s.pick() % 2 == 0) {
                        CompletionStage<Integer> f = asyncReceives.get(s.pick() % asyncReceives.size());
                        log.call(at + "cancel a receiveAsync", () -> f.toCompletableFuture().cancel(true));
                    } else if (!asyncSends.isEmpty()) {
                        List<CompletionStage<Void>> all = new ArrayList<>(asyncSends.values());
                        CompletionStage<Void> f = all.get(s.pick() % all.size());
                        log.call(at + "cancel a sendAsync", () -> f.toCompletableFuture().cancel(true));
                    }
                }
                case 7 -> {
                    if (s.pick() % 4 == 0) {
                        log.call(at + "channel.close", () -> {
                            channel.close();
                            return null;
                        });
                    }
                }
                case 8 -> {
                    switch (s.pick() % 3) {
                        case 0 -> log.call(at + "oneshot.send(" + v + ")", () -> {
                            oneshot.send(v);
                            return null;
                        }, ChannelClosedException.class);
                        case 1 -> log.call(at + "oneshot.close", () -> {
                            oneshot.close();
                            return null;
                        });
                        default -> log.call(at + "oneshot.receive", oneshot::receive, ChannelClosedException.class,
                                InterruptedException.class);
                    }
                }
                case 9, 10 -> {
                    int kind = s.pick() % 6;
                    Task<Integer> t = log.call(at + "spawn(body " + kind + ", " + d + ")", () -> rt.spawn(() -> body(
                            kind, v, d)), RejectedExecutionException.class);
                    if (t != null) {
                        tasks.add(t);
                    }
                }
                case 11 -> {
                    if (!tasks.isEmpty()) {
                        Task<Integer> t = tasks.get(s.pick() % tasks.size());
                        log.call(at + "cancel " + t, t::cancel);
                    }
                }
                case 12 -> {
                    if (!tasks.isEmpty()) {
                        Task<Integer> t = tasks.get(s.pick() % tasks.size());
                        // bounded: a task blocked on the channel ends when the channel closes at the end
                        log.await(at + "join " + t, t.toCompletableFuture(), RuntimeException.class,
                                Fuzz.BodyError.class);
                        log.call(at + "join() " + t, t::join, CancellationException.class, CompletionException.class,
                                InterruptedException.class);
                    }
                }
                case 13 -> {
                    int kind = s.pick() % 6;
                    log.call(at + "timeout(" + d + ", body " + kind + ")", () -> rt.timeout(d, () -> body(kind, v,
                            duration(new Step(0, 0, s.pick())))), TimeoutException.class, CompletionException.class,
                            CancellationException.class, InterruptedException.class, IllegalArgumentException.class,
                            NullPointerException.class);
                }
                case 14 -> log.call(at + "sleep(" + d + ")", () -> {
                    rt.sleep(d);
                    return null;
                }, InterruptedException.class, NullPointerException.class);
                case 15 -> log.call(at + "schedule(" + d + ")", () -> rt.schedule(d, () -> { }),
                        IllegalArgumentException.class, NullPointerException.class, RejectedExecutionException.class);
                case 16 -> {
                    Scope sc = rt.scope();
                    scopes.add(sc);
                    for (int c = 0; c < s.pick() % 4; c++) {
                        int kind = (s.pick() + c) % 6;
                        log.call(at + "scope.spawn(body " + kind + ")", () -> sc.spawn(() -> body(kind, v, d)),
                                RejectedExecutionException.class);
                    }
                    if (s.pick() % 2 == 0) {
                        log.call(at + "scope.join", () -> {
                            sc.join();
                            return null;
                        }, CompletionException.class, InterruptedException.class);
                    }
                    log.call(at + "scope.close", () -> {
                        sc.close();
                        return null;
                    }, CompletionException.class, InterruptedException.class);
                    log.call(at + "scope.spawn after close", () -> sc.spawn(() -> 1), RejectedExecutionException.class);
                }
                default -> {
                    Thread.currentThread().interrupt(); // the next blocking call sees an interrupt
                    log.call(at + "interrupted receive", channel::receive, InterruptedException.class,
                            ChannelClosedException.class);
                    Thread.interrupted();
                }
            }
        }

        /** A task body: a value, a failure, an Error, a sleep, a channel receive, or a busy loop. */
        private Integer body(int kind, int v, Duration d) throws Exception {
            switch (kind) {
                case 0 -> {
                    return v;
                }
                case 1 -> throw new IllegalStateException("body " + v + " fails");
                case 2 -> throw new Fuzz.BodyError("body " + v + " throws an Error");
                case 3 -> {
                    rt.sleep(d == null || d.isNegative() ? Duration.ofMillis(1) : d);
                    return v;
                }
                case 4 -> {
                    Integer r = channel.receive(); // ends with a value, the close, or a cancel's interrupt
                    received.add(r);
                    return r;
                }
                default -> {
                    long until = System.nanoTime() + 1_000_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return v;
                }
            }
        }

        private static Duration duration(Step s) {
            return switch ((int) Math.floorMod(s.num(), 6L)) {
                case 0 -> null;
                case 1 -> Duration.ZERO;
                case 2 -> Duration.ofNanos(-Math.abs(s.num() % 1000) - 1);
                default -> Duration.ofMillis(Math.floorMod(s.num(), 20));
            };
        }

        void closeAll() throws InterruptedException {
            log.call("end: channel.close", () -> {
                channel.close();
                return null;
            });
            oneshot.close();
            for (Task<Integer> t : tasks) {
                t.cancel();
            }
        }

        /** After the close: every async stage settled, and the values conserved. */
        void checkConservation() {
            for (Map.Entry<Integer, CompletionStage<Void>> e : asyncSends.entrySet()) {
                var f = e.getValue().toCompletableFuture();
                log.await("end: sendAsync(" + e.getKey() + ")", f, ChannelClosedException.class);
                if (!f.isCompletedExceptionally()) {
                    sent.add(e.getKey());
                }
            }
            for (CompletionStage<Integer> st : asyncReceives) {
                Integer r = log.await("end: receiveAsync", st, ChannelClosedException.class);
                if (r != null) {
                    received.add(r);
                }
            }
            for (Task<Integer> t : tasks) {
                log.await("end: task " + t, t.toCompletableFuture(), RuntimeException.class, Fuzz.BodyError.class);
            }
            for (Integer r; (r = channel.tryReceive()) != null; ) {
                received.add(r);
            }
            Map<Integer, Integer> counts = new HashMap<>();
            for (Integer r : received) {
                if (counts.merge(r, 1, Integer::sum) > 1) {
                    throw new AssertionError("value " + r + " received twice\n" + log);
                }
            }
            List<Integer> lost = new ArrayList<>(sent);
            lost.removeAll(received);
            List<Integer> extra = new ArrayList<>(received);
            extra.removeAll(sent);
            if (!lost.isEmpty() || !extra.isEmpty()) {
                throw new AssertionError("channel lost " + lost + " / invented " + extra + "\n" + log);
            }
        }
    }
}
