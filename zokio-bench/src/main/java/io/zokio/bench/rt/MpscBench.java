package io.zokio.bench.rt;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.bench.ZokioImpl;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Channel;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jctools.queues.MpscArrayQueue;

/**
 * <b>Threading:</b> {@link #run} on the main thread; each measurement starts {@value #PRODUCERS} producer
 * threads and one consumer thread (platform threads, or runtime tasks for {@code zokio-vt}) and joins them.
 *
 * <p>{@code mpsc}: {@value #FULL_MESSAGES} messages (fewer in {@code --quick}) through a queue of capacity
 * {@value #CAPACITY}, {@value #PRODUCERS} producers sending half each and 1 consumer taking all; messages are
 * cached {@code Integer}s (no allocation per message). Time from releasing the producers until the consumer
 * took the last message. A round repeats such transfers (a new queue, and for {@code zokio-vt} a new runtime, each
 * round) until their measured time reaches the round's length. Impls: {@code zokio} ({@link Channel}:
 * {@code send}/{@code receive} on platform threads) and {@code zokio-vt} (the same channel between three
 * virtual-thread tasks of a two-worker runtime, AFFINE carriers when available: how the channel is meant to be
 * used). Baselines, all on platform threads: {@code jctools-mpsc-park} ({@link ParkingMpsc}: an
 * {@code MpscArrayQueue} whose sides spin {@value ParkingMpsc#SPINS} times, as the channel does, then park until the
 * other side wakes them; waits like the channel), {@code jctools-mpsc-spin} ({@code MpscArrayQueue}, offer/poll with
 * a spin-then-yield back-off that never parks: its waiting threads stay runnable) and {@code jdk-abq}
 * ({@code ArrayBlockingQueue} put/take).
 */
public final class MpscBench implements Bench {
    static final long FULL_MESSAGES = 10_000_000;
    static final int CAPACITY = 1024;
    static final int PRODUCERS = 2;
    private static final int SPINS = 100;

    /** A queue under test, seen by one producer or the consumer. */
    private interface Queue {
        void send(Integer m) throws InterruptedException;

        Integer receive() throws InterruptedException;
    }

    @Override
    public String name() {
        return "mpsc";
    }

    static long messages(Options o) {
        return switch (o.scale()) {
            case FULL -> FULL_MESSAGES;
            case QUICK -> 1_000_000;
            case TINY -> 20_000;
        };
    }

    /** Enough for the JIT to compile every queue's paths (a short warm-up leaves JCTools' spin loops cold). */
    static long warmup(Options o) {
        return o.scale() == io.zokio.bench.Scale.TINY ? 2_000 : Math.max(messages(o) / 5, 1_000_000);
    }

    @Override
    public String header(Options o) {
        return "mpsc: " + messages(o) + " messages through capacity " + CAPACITY + ", " + PRODUCERS
                + " producers (half each) and 1 consumer, repeated until " + roundMs(o) + " ms are measured per impl "
                + "and round (at least once); a warm-up round of " + warmup(o) + " messages, then "
                + Rounds.count(o.scale()) + " interleaved rounds; impls zokio "
                + "(io.zokio.runtime.Channel, platform threads), zokio-vt (the same Channel between runtime tasks, "
                + "2 workers, idle=" + o.idleMode() + "); baselines jctools-mpsc-park (MpscArrayQueue, "
                + ParkingMpsc.SPINS + " spins then LockSupport.park until woken, like Channel), jctools-mpsc-spin "
                + "(MpscArrayQueue, " + SPINS + " spins then Thread.yield, never parks), jdk-abq "
                + "(ArrayBlockingQueue put/take)";
    }

    @Override
    public List<String> baselines() {
        return List.of("jctools-mpsc-park", "jctools-mpsc-spin", "jdk-abq");
    }

    /** Measured time per impl and round: transfers repeat until their seconds reach it (at least one). */
    static long roundMs(Options o) {
        return o.scale().millis(1_000, 0);
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        List<String> names = List.of("zokio", "zokio-vt", "jctools-mpsc-park", "jctools-mpsc-spin", "jdk-abq");
        Map<String, String> vtExtras = new LinkedHashMap<>();
        Map<String, Rounds.Outcome> out = Rounds.run(o, names, (name, round) -> {
            long n = round == Rounds.WARMUP ? warmup(o) : messages(o);
            long ops = 0;
            double secs = 0;
            if (name.equals("zokio-vt")) {
                try (Runtime rt = vtRuntime(o)) {
                    vtExtras.putAll(SchedImpl.zokioExtras(o, rt));
                    do {
                        secs += onTasks(rt, Channel.bounded(CAPACITY), n);
                        ops += n;
                    } while (secs * 1e3 < roundMs(o) && round != Rounds.WARMUP);
                }
            } else {
                do {
                    secs += onThreads(queue(name), n);
                    ops += n;
                } while (secs * 1e3 < roundMs(o) && round != Rounds.WARMUP);
            }
            return Sample.of(ops, secs);
        });
        for (String name : names) {
            Map<String, String> x = new LinkedHashMap<>();
            x.put("producers", Integer.toString(PRODUCERS));
            x.put("consumers", "1");
            x.put("capacity", Integer.toString(CAPACITY));
            if (name.equals("zokio-vt")) {
                x.putAll(vtExtras);
            }
            reporter.outcome(name(), name, out.get(name), x);
        }
    }

    private static Runtime vtRuntime(Options o) throws ZokioImpl.Unavailable {
        try {
            return SchedImpl.runtime("zokio-vt", o, CarrierMode.AFFINE);
        } catch (ZokioImpl.Unavailable affineMissing) {
            return SchedImpl.runtime("zokio-vt", o, CarrierMode.SHARED);
        }
    }

    private static Queue queue(String name) {
        return switch (name) {
            case "zokio" -> {
                Channel<Integer> c = Channel.bounded(CAPACITY);
                yield new Queue() {
                    @Override
                    public void send(Integer m) throws InterruptedException {
                        c.send(m);
                    }

                    @Override
                    public Integer receive() throws InterruptedException {
                        return c.receive();
                    }
                };
            }
            case "jctools-mpsc-park" -> {
                ParkingMpsc<Integer> q = new ParkingMpsc<>(CAPACITY);
                yield new Queue() {
                    @Override
                    public void send(Integer m) throws InterruptedException {
                        q.send(m);
                    }

                    @Override
                    public Integer receive() throws InterruptedException {
                        return q.receive();
                    }
                };
            }
            case "jctools-mpsc-spin" -> {
                MpscArrayQueue<Integer> q = new MpscArrayQueue<>(CAPACITY);
                yield new Queue() {
                    @Override
                    public void send(Integer m) {
                        for (int spins = 0; !q.offer(m); spins++) {
                            backOff(spins);
                        }
                    }

                    @Override
                    public Integer receive() {
                        Integer m;
                        for (int spins = 0; (m = q.poll()) == null; spins++) {
                            backOff(spins);
                        }
                        return m;
                    }
                };
            }
            case "jdk-abq" -> {
                ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(CAPACITY);
                yield new Queue() {
                    @Override
                    public void send(Integer m) throws InterruptedException {
                        q.put(m);
                    }

                    @Override
                    public Integer receive() throws InterruptedException {
                        return q.take();
                    }
                };
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void backOff(int spins) {
        if (spins < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Producers on platform threads, the consumer on the calling thread; returns the seconds measured. */
    private static double onThreads(Queue q, long n) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            long share = n / PRODUCERS + (p < n % PRODUCERS ? 1 : 0);
            producers[p] = Thread.ofPlatform().name("mpsc-producer-" + p).daemon().start(() -> {
                try {
                    start.await();
                    for (long i = 0; i < share; i++) {
                        q.send(Integer.valueOf((int) (i & 127)));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        long t0 = System.nanoTime();
        start.countDown();
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += q.receive();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        for (Thread t : producers) {
            t.join(TimeUnit.SECONDS.toMillis(Done.TIMEOUT_SECONDS));
        }
        check(sum, n);
        return secs;
    }

    /** Producers and consumer as runtime tasks; returns the seconds measured. */
    private static double onTasks(Runtime rt, Channel<Integer> c, long n) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        for (int p = 0; p < PRODUCERS; p++) {
            long share = n / PRODUCERS + (p < n % PRODUCERS ? 1 : 0);
            rt.spawn(() -> {
                start.await();
                for (long i = 0; i < share; i++) {
                    c.send(Integer.valueOf((int) (i & 127)));
                }
                return null;
            });
        }
        long[] end = new long[1];
        Task<Long> consumer = rt.spawn(() -> {
            start.await();
            long sum = 0;
            for (long i = 0; i < n; i++) {
                sum += c.receive();
            }
            end[0] = System.nanoTime();
            return sum;
        });
        long t0 = System.nanoTime();
        start.countDown();
        Long sum;
        try {
            sum = consumer.toCompletableFuture().get(Done.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            consumer.cancel();
            throw e;
        }
        check(sum, n);
        return (end[0] - t0) / 1e9; // end[0] is written before the task completes its future
    }

    /** Every message arrived exactly once (the sum of the values sent). */
    private static void check(long sum, long n) {
        long expected = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            long share = n / PRODUCERS + (p < n % PRODUCERS ? 1 : 0);
            expected += (share / 128) * (127 * 128 / 2);
            long rest = share % 128;
            expected += rest * (rest - 1) / 2;
        }
        if (sum != expected) {
            throw new IllegalStateException("message sum " + sum + " != " + expected);
        }
    }
}
