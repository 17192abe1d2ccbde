package io.zokio.bench;

import io.zokio.interop.ServerProcesses;
import io.zokio.interop.ZokioJedisSocketFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;

/**
 * <b>Threading:</b> the bench thread drives the rounds; the load runs on virtual threads (see {@link DriverLoad}).
 *
 * <p>{@code redis}: Jedis against a real Redis (started by the bench as the interop tests start it:
 * {@link ServerProcesses}; skipped with the reason when it cannot start), 256 virtual threads over a pool of 32
 * connections, two workloads: {@code get_set} (one command per operation, alternately SET and GET of 64-byte
 * values over 10,000 keys) and {@code pipeline100} (a pipelined batch of 50 SET and 50 GET per turn; ops count
 * commands). Impls: {@code zokio-socket} (Jedis with {@link ZokioJedisSocketFactory}, a runtime with default
 * settings but the run's idle mode, the workers its tasks) and {@code jdk-socket} (Jedis's own socket factory, JDK virtual threads).
 */
public final class RedisBench implements Bench {
    static final int WORKERS = 256;
    static final int POOL = 32;
    static final int KEYS = 10_000;
    static final int BATCH = 100;
    static final String VALUE = "v".repeat(64);
    static final List<String> WORKLOADS = List.of("get_set", "pipeline100");

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String header(Options o) {
        return "redis: Jedis against a local redis-server (127.0.0.1, no persistence), " + WORKERS
                + " virtual threads over a pool of " + POOL + " connections; workloads get_set (alternate SET/GET, "
                + "64-byte values, " + KEYS + " keys) and pipeline100 (batches of 50 SET + 50 GET, ops are commands); "
                + "warm-up " + PgBench.warmupMs(o) + " ms, then " + Rounds.count(o.scale()) + " interleaved rounds of "
                + PgBench.windowMs(o) + " ms per impl and workload; zokio-socket: ZokioJedisSocketFactory on a default "
                + "runtime with the run's idle mode (zokio_idle=), workers its tasks; jdk-socket: Jedis's own "
                + "sockets, workers JDK virtual threads; client CPU = this JVM's process CPU; CPU figures are medians "
                + "of the rounds";
    }

    @Override
    public List<String> baselines() {
        return List.of(DriverImpls.JDK);
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        ServerProcesses.Redis redis;
        try {
            redis = ServerProcesses.redis();
        } catch (ServerProcesses.Unavailable e) {
            for (String w : WORKLOADS) {
                for (String impl : DriverImpls.IMPLS) {
                    reporter.skipped(name(), impl, Map.of("workload", w), "Redis unavailable: " + e.getMessage());
                }
            }
            return;
        }
        try (redis; DriverImpls impls = new DriverImpls(o.idleMode())) {
            BlockingQueue<Jedis> zokioPool = new ArrayBlockingQueue<>(POOL);
            BlockingQueue<Jedis> jdkPool = new ArrayBlockingQueue<>(POOL);
            try {
                int timeout = Protocol.DEFAULT_TIMEOUT;
                // from the bench thread, as a pool's own thread opens connections: the factory takes the installed
                // runtime and spreads the sockets over its workers (from a task they would all be on its worker)
                for (int i = 0; i < POOL; i++) {
                    zokioPool.add(new Jedis(new ZokioJedisSocketFactory("localhost", redis.port(), timeout, timeout)));
                }
                for (int i = 0; i < POOL; i++) {
                    jdkPool.add(new Jedis("localhost", redis.port(), timeout));
                }
                DriverImpls.Measured<Jedis> m = new DriverImpls.Measured<>(name(), WORKLOADS, zokioPool, jdkPool,
                        redis::cpuSeconds, WORKERS);
                m.run(o, reporter, impls, PgBench.warmupMs(o), PgBench.windowMs(o), RedisBench::command,
                        Map.of("connections", Integer.toString(POOL), "workers", Integer.toString(WORKERS), "zokio_idle",
                                DriverImpls.idleName(o)));
            } finally {
                zokioPool.forEach(Jedis::close);
                jdkPool.forEach(Jedis::close);
            }
        }
    }

    private static int command(String workload, Jedis j) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (workload.equals("get_set")) {
            String key = "k" + rnd.nextInt(KEYS);
            if (rnd.nextBoolean()) {
                j.set(key, VALUE);
            } else {
                j.get(key);
            }
            return 1;
        }
        Pipeline p = j.pipelined();
        for (int i = 0; i < BATCH / 2; i++) {
            String key = "k" + rnd.nextInt(KEYS);
            p.set(key, VALUE);
            p.get(key);
        }
        p.sync();
        return BATCH;
    }
}
