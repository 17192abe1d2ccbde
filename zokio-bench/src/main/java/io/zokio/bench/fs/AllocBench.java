package io.zokio.bench.fs;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.zokio.bench.Bench;
import io.zokio.bench.LevelCase;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Result;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.buffer.BufferPool;
import io.zokio.buffer.LocalCache;
import io.zokio.buffer.PooledBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * <b>Threading:</b> {@link #run} on the main thread; each impl runs on one fresh thread (Netty's on a
 * FastThreadLocalThread, as its event loops are, so that its thread caches are on).
 *
 * <p>{@code alloc}: acquire and release of one 4 KiB direct buffer, over and over on one thread. Impl
 * {@code zokio} (BufferPool through a worker-style LocalCache); baselines {@code netty-pooled}
 * (PooledByteBufAllocator.DEFAULT.directBuffer) and {@code netty-adaptive} (AdaptiveByteBufAllocator). Each
 * {@link Rounds round} runs an impl on a new thread with a new pool (Netty's default allocator is process-wide):
 * one unmeasured batch of {@value #BATCH} pairs, then batches until the round's time has passed.
 *
 * <p>Two levels, each line's {@code leak_detection=}: {@code off} for both (Netty's
 * {@code ResourceLeakDetector} at {@code DISABLED}, Zokio's detector off: its default), the like-for-like
 * figure; and {@code on} for both as each library's users turn it on (Netty's default {@code SIMPLE}, which
 * tracks a sample of about one buffer in 128; Zokio's {@code leakDetection(true)}, which tracks every buffer).
 * Netty's level is process-wide, so it is set for each round and put back after the bench.
 */
public final class AllocBench implements Bench {
    static final int SIZE = 4096;

    @Override
    public String name() {
        return "alloc";
    }

    static final long BATCH = 100_000;

    /** Measured time per impl and round; the warm-up round runs as long. */
    static long roundMs(Options o) {
        return o.scale().millis(1_000, 20);
    }

    @Override
    public String header(Options o) {
        return "alloc: acquire+release pairs of a 4 KiB direct buffer on one thread, in batches of " + BATCH
                + " for " + roundMs(o) + " ms per impl and round after one unmeasured batch; a warm-up round, then "
                + Rounds.count(o.scale()) + " interleaved rounds, each on a new thread; impl zokio (BufferPool via "
                + "LocalCache); baselines netty-pooled "
                + "(PooledByteBufAllocator.DEFAULT), netty-adaptive (AdaptiveByteBufAllocator), both on a "
                + "FastThreadLocalThread; levels leak_detection=off (Netty DISABLED, Zokio off) and on (Netty SIMPLE, "
                + "its default, sampling about 1 in 128; Zokio leakDetection(true), every buffer)";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-pooled", "netty-adaptive");
    }

    /** The levels: leak detection off in both libraries, then on in both. */
    static final List<String> LEAK_LEVELS = List.of("off", "on");

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        List<String> impls = List.of("zokio", "netty-pooled", "netty-adaptive");
        ResourceLeakDetector.Level nettyBefore = ResourceLeakDetector.getLevel();
        try {
            Map<LevelCase<String>, Rounds.Outcome> out = Rounds.run(o, LevelCase.grid(LEAK_LEVELS.size(), impls),
                    LevelCase::level,
                    (c, round) -> onThread(c.impl(), LEAK_LEVELS.get(c.level()).equals("on"), roundMs(o)));
            for (int level = 0; level < LEAK_LEVELS.size(); level++) {
                for (String impl : impls) {
                    reporter.outcome(name(), impl, out.get(new LevelCase<>(impl, level)), Result.pairs(
                            "leak_detection", LEAK_LEVELS.get(level), "bytes", Integer.toString(SIZE)));
                }
            }
        } finally {
            ResourceLeakDetector.setLevel(nettyBefore);
        }
    }

    /** One round of {@code impl} on a new thread (Netty's on a FastThreadLocalThread). */
    private static Sample onThread(String impl, boolean leakDetection, long ms) throws Exception {
        ResourceLeakDetector.setLevel(leakDetection ? ResourceLeakDetector.Level.SIMPLE
                : ResourceLeakDetector.Level.DISABLED);
        AtomicReference<Object> out = new AtomicReference<>();
        Runnable body = () -> {
            try {
                out.set(switch (impl) {
                    case "zokio" -> zokio(leakDetection, ms);
                    case "netty-pooled" -> netty(PooledByteBufAllocator.DEFAULT, ms);
                    default -> netty(new AdaptiveByteBufAllocator(), ms);
                });
            } catch (Throwable e) {
                out.set(e);
            }
        };
        Thread t = impl.equals("zokio") ? new Thread(body, "alloc-zokio")
                : new FastThreadLocalThread(body, "alloc-" + impl);
        t.start();
        t.join();
        if (out.get() instanceof Sample s) {
            return s;
        }
        throw new IllegalStateException((Throwable) out.get());
    }

    private static Sample zokio(boolean leakDetection, long ms) throws Exception {
        try (BufferPool pool = BufferPool.builder().leakDetection(leakDetection).build(); LocalCache cache = pool.newLocalCache()) {
            loopZokio(cache, BATCH);
            return Rounds.timed(ms, () -> {
                loopZokio(cache, BATCH);
                return BATCH;
            });
        }
    }

    private static void loopZokio(LocalCache cache, long n) {
        for (long i = 0; i < n; i++) {
            PooledBuffer b = cache.acquire(SIZE);
            b.release();
        }
    }

    private static Sample netty(ByteBufAllocator alloc, long ms) throws Exception {
        loopNetty(alloc, BATCH);
        return Rounds.timed(ms, () -> {
            loopNetty(alloc, BATCH);
            return BATCH;
        });
    }

    private static void loopNetty(ByteBufAllocator alloc, long n) {
        for (long i = 0; i < n; i++) {
            ByteBuf b = alloc.directBuffer(SIZE);
            b.release();
        }
    }
}
