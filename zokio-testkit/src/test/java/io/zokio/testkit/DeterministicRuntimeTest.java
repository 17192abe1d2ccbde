package io.zokio.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.Zokio;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Channel;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deterministic runtime, and the timers, timeouts and cancellation races of the runtime tested on it: virtual
 * time jumps (an hour's sleep takes no real time), one seed gives one interleaving and one result, another seed
 * another, and exactly one side of every race wins.
 */
class DeterministicRuntimeTest {

    /** Whether AFFINE carriers are available: a normal runtime that asks for them says whether it got them. */
    private static final boolean AFFINE;

    static {
        try (Runtime rt = Runtime.builder().workers(1).carrierMode(CarrierMode.AFFINE).build()) {
            AFFINE = rt.carrierMode() == CarrierMode.AFFINE;
        }
    }

    static Runtime open(long seed) {
        Assumptions.assumeTrue(AFFINE, "needs AFFINE carriers (--add-opens java.base/java.lang=ALL-UNNAMED)");
        return DeterministicRuntime.build(seed);
    }

    @Test
    @Timeout(60)
    void sleepsTakeVirtualTimeOnly() throws Exception {
        try (Runtime rt = open(1)) {
            long t0 = rt.clock().nanoTime();
            long woke = rt.blockOn(() -> {
                Zokio.sleep(Duration.ofHours(1));
                return rt.clock().nanoTime();
            });
            assertTrue(woke - t0 >= Duration.ofHours(1).toNanos(), "never early: " + (woke - t0));
            assertTrue(woke - t0 < Duration.ofHours(1).plusMillis(2).toNanos(), "at most a tick late: " + (woke - t0));
            assertEquals(woke, rt.clock().nanoTime(), "time stands still while nothing runs");
        }
    }

    /** Ten tasks that yield, sleep and hand values through a channel; each appends its steps to a trace. */
    private static List<String> trace(long seed) throws Exception {
        try (Runtime rt = open(seed)) {
            return rt.blockOn(() -> {
                List<String> trace = new ArrayList<>();
                Channel<Integer> ch = Channel.bounded(2);
                List<Task<Object>> tasks = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    int id = i;
                    tasks.add(rt.spawn(() -> {
                        for (int step = 0; step < 5; step++) {
                            synchronized (trace) {
                                trace.add(id + ":" + step + "@" + rt.clock().nanoTime());
                            }
                            switch ((id + step) % 3) {
                                case 0 -> Zokio.yieldNow();
                                case 1 -> Zokio.sleep(Duration.ofMillis(1 + (id * 7 + step) % 5));
                                default -> {
                                    ch.send(id);
                                    ch.receive();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Task<Object> t : tasks) {
                    t.join();
                }
                return trace;
            });
        }
    }

    @Test
    @Timeout(60)
    void oneSeedOneInterleavingAnotherSeedAnother() throws Exception {
        List<String> a = trace(7);
        List<String> b = trace(7);
        List<String> c = trace(8);
        assertEquals(50, a.size());
        assertEquals(a, b, "same seed, same interleaving and virtual times");
        assertNotEquals(a, c, "another seed, another interleaving");
    }

    @Test
    @Timeout(60)
    void aTimeoutCancelsTheWorkAtItsVirtualDeadline() throws Exception {
        try (Runtime rt = open(3)) {
            long t0 = rt.clock().nanoTime();
            CompletionException e = assertThrows(CompletionException.class, () -> rt.blockOn(
                    () -> rt.timeout(Duration.ofSeconds(30), () -> {
                        Zokio.sleep(Duration.ofMinutes(5));
                        return "too late";
                    })));
            assertTrue(e.getCause() instanceof TimeoutException, "timed out: " + e.getCause());
            long elapsed = rt.clock().nanoTime() - t0;
            assertTrue(elapsed >= Duration.ofSeconds(30).toNanos() && elapsed < Duration.ofSeconds(31).toNanos(),
                    "expired at its deadline in virtual time: " + elapsed);
            assertEquals("in time", rt.blockOn(() -> rt.timeout(Duration.ofSeconds(30), () -> {
                Zokio.sleep(Duration.ofSeconds(29));
                return "in time";
            })));
        }
    }

    /** The README's example of a user's test, as printed there. */
    @Test
    @Timeout(60)
    void slowLookupsTimeOut() throws Exception {
        Assumptions.assumeTrue(AFFINE, "needs AFFINE carriers");
        for (long seed = 0; seed < 100; seed++) {
            try (Runtime rt = DeterministicRuntime.build(seed)) {
                long start = rt.clock().nanoTime();
                var e = assertThrows(CompletionException.class, () -> rt.blockOn(() ->
                        rt.timeout(Duration.ofSeconds(2), () -> {
                            Zokio.sleep(Duration.ofMinutes(1));   // the slow dependency: no real time passes
                            return "value";
                        })));
                org.junit.jupiter.api.Assertions.assertInstanceOf(TimeoutException.class, e.getCause());
                assertEquals(Duration.ofSeconds(2).toNanos(), rt.clock().nanoTime() - start, 1_000_000); // virtual
            }
        }
    }

    /** A task that cancels its sibling at the instant the sibling finishes: which wins is the seed's choice. */
    private static String cancelRace(long seed) throws Exception {
        try (Runtime rt = open(seed)) {
            return rt.blockOn(() -> {
                Task<String> victim = rt.spawn(() -> {
                    Zokio.sleep(Duration.ofMillis(5));
                    return "finished";
                });
                Task<Boolean> canceller = rt.spawn(() -> {
                    Zokio.sleep(Duration.ofMillis(5));
                    return victim.cancel();
                });
                boolean cancelled = canceller.join();
                String outcome;
                try {
                    outcome = victim.join();
                } catch (CancellationException | CompletionException e) {
                    outcome = "cancelled";
                }
                // exactly one side wins: a successful cancel means no result, a result means the cancel lost
                assertEquals(cancelled, outcome.equals("cancelled"), "cancel=" + cancelled + " outcome=" + outcome);
                return outcome;
            });
        }
    }

    @Test
    @Timeout(120)
    void theCancelAndCompletionRaceHasOneWinnerChosenBySeed() throws Exception {
        Set<String> outcomes = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            String first = cancelRace(seed);
            assertEquals(first, cancelRace(seed), "seed " + seed + " replays");
            outcomes.add(first);
        }
        assertEquals(Set.of("finished", "cancelled"), outcomes, "both winners come up over the seeds");
    }

    @Test
    @Timeout(60)
    void socketsRunOnTheSimulatedNetworkDeterministically() throws Exception {
        byte[][] results = new byte[2][];
        for (int run = 0; run < 2; run++) {
            try (Runtime rt = open(11)) {
                results[run] = rt.blockOn(() -> {
                    try (TcpListener server = TcpListener.bind(rt, new InetSocketAddress("127.0.0.1", 0),
                            TcpListener.Options.defaults())) {
                        InetSocketAddress addr = server.localAddress();
                        Task<Object> echo = rt.spawn(() -> {
                            try (TcpStream s = server.accept()) {
                                ByteBuffer buf = ByteBuffer.allocateDirect(1024);
                                while (s.read(buf) >= 0) {
                                    s.writeAll(buf.flip());
                                    buf.clear();
                                }
                            }
                            return null;
                        });
                        byte[] got = new byte[16];
                        try (TcpStream c = TcpStream.connect(rt, addr, Duration.ofSeconds(5))) {
                            c.writeAll(ByteBuffer.wrap("hello, simulated".getBytes()));
                            c.shutdownOutput();
                            ByteBuffer in = ByteBuffer.wrap(got);
                            c.readFully(in);
                        }
                        echo.join();
                        return got;
                    }
                });
            }
        }
        assertArrayEquals("hello, simulated".getBytes(), results[0]);
        assertArrayEquals(results[0], results[1]);
    }

    /** Runs in the surefire execution {@code without-add-opens}, a JVM where AFFINE carriers are unavailable. */
    @Test
    @Tag("without-add-opens")
    void withoutAffineCarriersTheBuilderSaysWhy() {
        Assumptions.assumeFalse(AFFINE, "AFFINE is available here (run in the without-add-opens execution)");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeterministicRuntime.build(1));
        assertTrue(e.getMessage().contains("--add-opens"), e.getMessage());
    }
}
