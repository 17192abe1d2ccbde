package io.zokio.bench.fs;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
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
 * (PooledByteBufAllocator.DEFAULT.directBuffer) and {@code netty-adaptive} (AdaptiveByteBufAllocator).
 */
public final class AllocBench implements Bench {
    static final int SIZE = 4096;

    @Override
    public String name() {
        return "alloc";
    }

    static long ops(Options o) {
        return o.scale().count(50_000_000L, 100_000L);
    }

    @Override
    public String header(Options o) {
        return "alloc: " + ops(o) + " acquire+release pairs of a 4 KiB direct buffer on one thread (after a 10% "
                + "warm-up); impl zokio (BufferPool via LocalCache); baselines netty-pooled "
                + "(PooledByteBufAllocator.DEFAULT), netty-adaptive (AdaptiveByteBufAllocator), both on a "
                + "FastThreadLocalThread";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-pooled", "netty-adaptive");
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        long n = ops(o);
        for (String impl : List.of("zokio", "netty-pooled", "netty-adaptive")) {
            AtomicReference<Object> out = new AtomicReference<>();
            Runnable body = () -> {
                try {
                    out.set(switch (impl) {
                        case "zokio" -> zokio(n);
                        case "netty-pooled" -> netty(PooledByteBufAllocator.DEFAULT, n);
                        default -> netty(new AdaptiveByteBufAllocator(), n);
                    });
                } catch (Throwable e) {
                    out.set(e);
                }
            };
            Thread t = impl.equals("zokio") ? new Thread(body, "alloc-zokio")
                    : new FastThreadLocalThread(body, "alloc-" + impl);
            t.start();
            t.join();
            if (out.get() instanceof Double secs) {
                reporter.measured(name(), impl, n, secs, Map.of("bytes", Integer.toString(SIZE)));
            } else {
                reporter.skipped(name(), impl, Map.of(), "failed: " + Reporter.reason((Throwable) out.get()));
            }
        }
    }

    private static double zokio(long n) {
        try (BufferPool pool = BufferPool.builder().build(); LocalCache cache = pool.newLocalCache()) {
            loopZokio(cache, n / 10);
            long t0 = System.nanoTime();
            loopZokio(cache, n);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static void loopZokio(LocalCache cache, long n) {
        for (long i = 0; i < n; i++) {
            PooledBuffer b = cache.acquire(SIZE);
            b.release();
        }
    }

    private static double netty(ByteBufAllocator alloc, long n) {
        loopNetty(alloc, n / 10);
        long t0 = System.nanoTime();
        loopNetty(alloc, n);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void loopNetty(ByteBufAllocator alloc, long n) {
        for (long i = 0; i < n; i++) {
            ByteBuf b = alloc.directBuffer(SIZE);
            b.release();
        }
    }
}
