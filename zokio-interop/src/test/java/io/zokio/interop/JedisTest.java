package io.zokio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bridge.ZokioSocket;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Jedis on ZokioSockets ({@link ZokioJedisSocketFactory}) against a real Redis, on both backends, every command
 * from tasks of the backend's runtime: GET/SET, from many virtual threads over a pool, pipelining, pub/sub, and a
 * killed server.
 */
@Timeout(120)
class JedisTest {
    private static ServerProcesses.Redis redis;

    @BeforeAll
    static void startServer() {
        try {
            redis = ServerProcesses.redis();
        } catch (ServerProcesses.Unavailable e) {
            Assumptions.abort("Redis unavailable: " + e.getMessage());
        }
    }

    @AfterAll
    static void stopServer() {
        if (redis != null) {
            redis.close();
        }
    }

    static Jedis jedis(ServerProcesses.Redis server) {
        return new Jedis(new ZokioJedisSocketFactory("localhost", server.port(), 10_000, 30_000));
    }

    static String prefix(BackendKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":";
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void setsAndGets(BackendKind kind) throws Exception {
        String p = prefix(kind);
        try (Runtime rt = Runtimes.open(kind)) {
            Runtimes.inTask(rt, () -> {
                List<Socket> made = new ArrayList<>();
                ZokioJedisSocketFactory base = new ZokioJedisSocketFactory("localhost", redis.port(), 10_000, 30_000);
                try (Jedis j = new Jedis(() -> {
                    Socket s = base.createSocket();
                    made.add(s);
                    return s;
                })) {
                    assertEquals("PONG", j.ping());
                    assertEquals(1, made.size());
                    assertInstanceOf(ZokioSocket.class, made.getFirst(), "the connection really is on Zokio");
                    assertEquals("OK", j.set(p + "greeting", "hello"));
                    assertEquals("hello", j.get(p + "greeting"));
                    assertNull(j.get(p + "missing"));
                    String big = "v".repeat(1 << 20); // larger than any socket buffer: many reads and writes
                    j.set(p + "big", big);
                    assertEquals(big, j.get(p + "big"));
                    assertEquals(1, j.del(p + "big"));
                    assertEquals(3, j.incrBy(p + "counter", 3));
                }
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void manyVirtualThreadsShareAPool(BackendKind kind) throws Exception {
        String p = prefix(kind) + "pooled:";
        int threads = 500;
        try (Runtime rt = Runtimes.open(kind)) {
            BlockingQueue<Jedis> pool = new ArrayBlockingQueue<>(8);
            Runtimes.inTask(rt, () -> {
                for (int i = 0; i < 8; i++) {
                    pool.add(jedis(redis));
                }
                return null;
            });
            try {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String key = p + i;
                    String value = "value-" + i;
                    tasks.add(rt.spawn(() -> {
                        Jedis j = pool.take();
                        try {
                            j.set(key, value);
                            assertEquals(value, j.get(key));
                        } finally {
                            pool.put(j);
                        }
                        return null;
                    }));
                }
                for (Task<Void> t : tasks) {
                    t.join();
                }
            } finally {
                pool.forEach(Jedis::close);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void pipelinesBatchesOfAHundred(BackendKind kind) throws Exception {
        String p = prefix(kind) + "piped:";
        try (Runtime rt = Runtimes.open(kind)) {
            Runtimes.inTask(rt, () -> {
                try (Jedis j = jedis(redis)) {
                    for (int batch = 0; batch < 20; batch++) {
                        Pipeline pipe = j.pipelined();
                        for (int i = 0; i < 100; i++) {
                            pipe.set(p + batch + ":" + i, batch + "/" + i);
                        }
                        pipe.sync();
                        List<Response<String>> got = new ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            got.add(pipe.get(p + batch + ":" + i));
                        }
                        pipe.sync();
                        for (int i = 0; i < 100; i++) {
                            assertEquals(batch + "/" + i, got.get(i).get());
                        }
                    }
                }
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void publishesToASubscriberOnAnotherConnection(BackendKind kind) throws Exception {
        String channel = prefix(kind) + "news";
        int messages = 200;
        try (Runtime rt = Runtimes.open(kind)) {
            CountDownLatch subscribed = new CountDownLatch(1);
            List<String> received = new CopyOnWriteArrayList<>();
            JedisPubSub listener = new JedisPubSub() {
                @Override
                public void onSubscribe(String ch, int subscribedChannels) {
                    subscribed.countDown();
                }

                @Override
                public void onMessage(String ch, String message) {
                    received.add(message);
                    if (received.size() == messages) {
                        unsubscribe();
                    }
                }
            };
            Task<Void> subscriber = rt.spawn(() -> {
                try (Jedis j = jedis(redis)) {
                    j.subscribe(listener, channel); // returns once unsubscribed
                }
                return null;
            });
            assertTrue(subscribed.await(60, TimeUnit.SECONDS), "the subscriber subscribed");
            Runtimes.inTask(rt, () -> {
                try (Jedis j = jedis(redis)) {
                    for (int i = 0; i < messages; i++) {
                        assertEquals(1, j.publish(channel, "message-" + i), "one subscriber received it");
                    }
                }
                return null;
            });
            subscriber.join();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                expected.add("message-" + i);
            }
            assertEquals(expected, received, "every message, in order");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aKilledServerIsAConnectionExceptionAndReconnectingWorksAfterItsRestart(BackendKind kind) throws Exception {
        try (Runtime rt = Runtimes.open(kind)) {
            ServerProcesses.Redis own;
            try {
                own = ServerProcesses.redis(); // its own server: this test kills it
            } catch (ServerProcesses.Unavailable e) {
                Assumptions.abort("Redis unavailable: " + e.getMessage());
                return;
            }
            try (own) {
                Runtimes.inTask(rt, () -> {
                    try (Jedis j = jedis(own)) {
                        assertEquals("OK", j.set("k", "before"));
                        own.kill();
                        assertThrows(JedisConnectionException.class, () -> j.get("k"));
                    }
                    JedisConnectionException down = assertThrows(JedisConnectionException.class, () -> {
                        try (Jedis j = jedis(own)) {
                            j.ping();
                        }
                    });
                    assertTrue(PostgresRestartTest.hasCause(down, ConnectException.class), down::toString);
                    own.start();
                    try (Jedis j = jedis(own)) {
                        assertEquals("PONG", j.ping());
                        assertNull(j.get("k"), "a new server without persistence");
                        assertEquals("OK", j.set("k", "after"));
                        assertEquals("after", j.get("k"));
                    }
                    return null;
                });
            }
        }
    }
}
