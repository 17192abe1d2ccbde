package io.zokio.testkit.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FaultyBackend} with the <em>result-changing</em> faults (ECANCELED, ECONNRESET, ENOBUFS, short
 * transfers) and its own invariant checks, on both backends and a fixed list of seeds plus
 * {@code -Dzokio.fault.seed}. The seed is in every test's display name and in the decorator's failure
 * messages. Assertions: every operation completes exactly once; every error a callback sees is one the
 * decorator says it injected (the workloads cause no real errors); short transfers report fewer bytes, and a
 * caller that loops on them still moves every byte intact.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultyBackendTest {
    private static final long[] SEEDS = {1, 42, 0xC0FFEEL, 0x5EED_2026L};
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    Path dir;

    private final Arena arena = Arena.ofShared();
    private final Map<Completion, Integer> calls = new IdentityHashMap<>();
    private final List<EventLoop> loops = new ArrayList<>();
    private int errCanceled;
    private int errReset;
    private int errNoBufs;
    /** Failures seen inside callbacks (the loop catches what a callback throws): checked after each test. */
    private final List<String> failures = new ArrayList<>();
    private final List<Object[]> fds = new ArrayList<>();

    static Stream<Arguments> cases() {
        List<Long> seeds = new ArrayList<>();
        for (long s : SEEDS) {
            seeds.add(s);
        }
        long fromProperty = FaultConfig.seedFromProperty(SEEDS[0]);
        if (!seeds.contains(fromProperty)) {
            seeds.add(fromProperty);
        }
        List<Arguments> out = new ArrayList<>();
        for (BackendKind kind : new BackendKind[] {BackendKind.NIO, BackendKind.IO_URING}) {
            for (long s : seeds) {
                out.add(Arguments.of(kind, "0x" + Long.toHexString(s)));
            }
        }
        return out.stream();
    }

    private EventLoop open(BackendKind kind, FaultConfig config) {
        EventLoop inner;
        try {
            inner = EventLoop.builder().backend(kind).ringEntries(64).build();
        } catch (UncheckedIOException | UnsupportedOperationException | LinkageError e) {
            Assumptions.abort(kind + " backend cannot be opened here: " + e);
            throw e;
        }
        EventLoop l = FaultyBackend.wrap(inner, config);
        loops.add(l);
        return l;
    }

    @AfterEach
    void closeAll() {
        for (Object[] f : fds) {
            try {
                ((EventLoop) f[0]).sockets().closeNow((Integer) f[1]);
            } catch (IOException | RuntimeException ignored) {
                // cleanup only
            }
        }
        for (EventLoop l : loops) {
            l.close(); // FaultyBackend.close checks nothing was lost
            assertEquals(0, ((FaultyBackend) l.backend()).counts().lost(), "lost or duplicated completions");
        }
        arena.close(); // after the loops: the kernel may write into these buffers until then
        assertTrue(failures.isEmpty(), () -> "inside callbacks: " + failures);
    }

    private int track(EventLoop loop, int fd) {
        fds.add(new Object[] {loop, fd});
        return fd;
    }

    // ------------------------------------------------------------------ result-changing faults, mixed

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("cases")
    void everyOperationCompletesOnceAndErrorsAreTheInjectedOnes(BackendKind kind, String seed) throws IOException {
        FaultConfig config = FaultConfig.all(Long.decode(seed), 0.15);
        EventLoop loop = open(kind, config);
        int[] pair = connectPair(loop);
        byte[] data = random(256 * 1024, config.seed());
        assertArrayEquals(data, transfer(loop, pair[1], pair[0], data), "socket bytes intact (" + config + ")");

        Path path = dir.resolve("faults.bin");
        int fd = openRetrying(loop, path, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        byte[] fileData = random(128 * 1024, ~config.seed());
        writeFully(loop, fd, fileData);
        assertArrayEquals(fileData, Files.readAllBytes(path), "file written intact (" + config + ")");
        assertArrayEquals(fileData, readFully(loop, fd, fileData.length), "file read intact (" + config + ")");

        for (int i = 0; i < 500; i++) {
            submit(loop, new Completion().prepNop(), (l, c, r) -> Action.DISARM);
        }
        loop.run(RunMode.UNTIL_DONE);

        FaultCounts counts = ((FaultyBackend) loop.backend()).counts();
        assertEquals(counts.canceled(), errCanceled, "every ECANCELED seen was injected, and each was seen");
        assertEquals(counts.connReset(), errReset, "every ECONNRESET seen was injected");
        assertEquals(counts.noBufs(), errNoBufs, "every ENOBUFS seen was injected");
        assertTrue(counts.canceled() > 0 && counts.shortTransfers() > 0, () -> "faults were injected: " + counts);
        assertEquals(counts.submitted(), counts.delivered(), "every submission delivered: " + counts);
        for (Map.Entry<Completion, Integer> e : calls.entrySet()) {
            assertEquals(0, e.getValue(), () -> "callbacks outstanding for " + e.getKey());
        }
        System.out.println("FaultyBackendTest " + kind + " " + config + ": " + counts);
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("cases")
    void shortTransfersReportFewerBytes(BackendKind kind, String seed) throws IOException {
        EventLoop loop = open(kind, FaultConfig.builder(Long.decode(seed)).shortTransfer(1).build());
        int fd = openRetrying(loop, dir.resolve("short.bin"), OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        MemorySegment src = segment(random(4096, 7));
        int[] result = {Integer.MIN_VALUE};
        submit(loop, new Completion().prepWrite(fd, src, 0), (l, c, r) -> {
            result[0] = r;
            return Action.DISARM;
        });
        loop.run(RunMode.UNTIL_DONE);
        assertTrue(result[0] >= 1 && result[0] < 4096, "a cut write is short: " + result[0]);
        assertEquals(result[0], Files.size(dir.resolve("short.bin")), "the kernel wrote exactly what was reported");
        MemorySegment dst = arena.allocate(4096);
        submit(loop, new Completion().prepRead(fd, dst, 0), (l, c, r) -> {
            result[0] = r;
            return Action.DISARM;
        });
        loop.run(RunMode.UNTIL_DONE);
        assertTrue(result[0] >= 1 && result[0] < 4096, "a cut read is short: " + result[0]);
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("cases")
    void injectedErrorsGoOnlyWhereTheOperationCanReturnThem(BackendKind kind, String seed) throws IOException {
        long s = Long.decode(seed);
        EventLoop loop = open(kind, FaultConfig.builder(s).connReset(1).noBufs(1).build());
        int[] pair = connectPair(loop); // accept and connect: neither can get ECONNRESET or ENOBUFS
        int[] got = new int[3];
        submit(loop, new Completion().prepSend(pair[1], segment(new byte[] {1}), 0), (l, c, r) -> {
            got[0] = r;
            return Action.DISARM;
        });
        submit(loop, new Completion().prepRecv(pair[0], arena.allocate(8), 0), (l, c, r) -> {
            got[1] = r;
            return Action.DISARM;
        });
        submit(loop, new Completion().prepNop(), (l, c, r) -> {
            got[2] = r;
            return Action.DISARM;
        });
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(-Errno.ECONNRESET, got[0], "send: ECONNRESET is drawn before ENOBUFS");
        assertEquals(-Errno.ECONNRESET, got[1], "recv");
        assertEquals(0, got[2], "a NOP gets neither");

        EventLoop nobufs = open(kind, FaultConfig.builder(s).noBufs(1).build());
        int[] p2 = connectPair(nobufs);
        submit(nobufs, new Completion().prepSend(p2[1], segment(new byte[] {1}), 0), (l, c, r) -> {
            got[0] = r;
            return Action.DISARM;
        });
        nobufs.run(RunMode.UNTIL_DONE);
        assertEquals(-Errno.ENOBUFS, got[0], "send");
    }

    // ------------------------------------------------------------------ invariants and determinism

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("cases")
    void sameSeedSameFaultsOnNops(BackendKind kind, String seed) {
        FaultConfig config = FaultConfig.resultPreserving(Long.decode(seed));
        List<Integer> first = nopOrder(open(kind, config));
        List<Integer> second = nopOrder(open(kind, config));
        assertEquals(first, second, "NOP delivery order under " + config);
    }

    private List<Integer> nopOrder(EventLoop loop) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int id = i;
            submit(loop, new Completion().prepNop(), (l, c, r) -> {
                order.add(id);
                return Action.DISARM;
            });
            if (i % 7 == 0) {
                loop.run(RunMode.NO_WAIT);
            }
        }
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(300, order.size());
        return order;
    }

    @Test
    void aSecondSubmitOfACompletionInFlightFailsNamingTheSeed() {
        EventLoop loop = open(BackendKind.NIO, FaultConfig.none(0xBADL));
        Completion nop = new Completion().prepNop().callback((l, c, r) -> Action.DISARM);
        loop.submit(nop);
        AssertionError e = assertThrows(AssertionError.class, () -> loop.backend().submit(nop));
        assertTrue(e.getMessage().contains("seed=0xbad"), e.getMessage());
        loop.run(RunMode.UNTIL_DONE);
    }

    @Test
    void closeDeliversHeldAndQueuedOperationsOnce() throws IOException {
        EventLoop loop = open(BackendKind.NIO, FaultConfig.builder(9).delay(1, 50).sqFull(1, 50).build());
        int[] pair = connectPair(loop);
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Completion c = i % 2 == 0 ? new Completion().prepNop()
                    : new Completion().prepRecv(pair[0], arena.allocate(8), 0);
            submit(loop, c, (l, cc, r) -> {
                results.add(r);
                return Action.DISARM;
            });
        }
        loop.run(RunMode.NO_WAIT);
        loop.close();
        assertEquals(20, results.size(), "each delivered once at close: " + results);
        for (int r : results) {
            assertTrue(r == 0 || r == -Errno.ECANCELED, "a real result or ECANCELED: " + r);
        }
    }

    // ------------------------------------------------------------------ helpers (loop thread)

    /** Submits with a callback that checks it runs once per submission and tallies injected errors. */
    private void submit(EventLoop loop, Completion c, Callback then) {
        calls.merge(c, 1, Integer::sum);
        c.callback((l, cc, r) -> {
            int left = calls.merge(cc, -1, Integer::sum);
            if (left != 0 || r != cc.result()) {
                failures.add("not exactly one callback per submission, or result() differs: " + cc);
            }
            if (r == -Errno.ECANCELED) {
                errCanceled++;
            } else if (r == -Errno.ECONNRESET) {
                errReset++;
            } else if (r == -Errno.ENOBUFS) {
                errNoBufs++;
            } else if (r < 0) {
                failures.add(cc.op() + " failed with " + r + ", not an injected error");
            }
            return then.onComplete(l, cc, r);
        });
        loop.submit(c);
    }

    private static boolean injected(int r) {
        return r == -Errno.ECANCELED || r == -Errno.ECONNRESET || r == -Errno.ENOBUFS;
    }

    /** Runs {@code c} until it gives a real result (an injected error means it never ran: retry). */
    private int awaitRetrying(EventLoop loop, Completion c) {
        int[] out = {Integer.MIN_VALUE};
        while (true) {
            out[0] = Integer.MIN_VALUE;
            submit(loop, c, (l, cc, r) -> {
                out[0] = r;
                return Action.DISARM;
            });
            while (out[0] == Integer.MIN_VALUE) {
                loop.run(RunMode.ONCE);
            }
            if (!injected(out[0])) {
                return out[0];
            }
        }
    }

    private int[] connectPair(EventLoop loop) throws IOException {
        int listener = track(loop, loop.sockets().openTcpListener(LOOPBACK, 8, false));
        InetSocketAddress address = loop.sockets().localAddress(listener);
        int client = track(loop, loop.sockets().openTcpSocket(false));
        int connected = awaitRetrying(loop, new Completion().prepConnect(client, address));
        assertEquals(0, connected, "connect");
        int server = awaitRetrying(loop, new Completion().prepAccept(listener));
        assertTrue(server >= 0, "accept: " + server);
        track(loop, server);
        return new int[] {server, client};
    }

    private int openRetrying(EventLoop loop, Path path, int flags) {
        int fd = awaitRetrying(loop, new Completion().prepOpenAt(OpenFlags.AT_FDCWD, path.toString(), flags, 0644));
        assertTrue(fd >= 0, "open: " + fd);
        return track(loop, fd);
    }

    /** Sends {@code data} on {@code from} while receiving it on {@code to}; short and failed steps are retried. */
    private byte[] transfer(EventLoop loop, int from, int to, byte[] data) {
        MemorySegment src = segment(data);
        MemorySegment dst = arena.allocate(data.length);
        long[] sent = {0};
        long[] received = {0};
        Completion send = new Completion();
        Completion recv = new Completion();
        submit(loop, send.prepSend(from, src, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion c, int r) {
                sent[0] += Math.max(r, 0);
                if (sent[0] < data.length) {
                    submit(l, c.prepSend(from, src.asSlice(sent[0]), 0), this);
                }
                return Action.DISARM;
            }
        });
        submit(loop, recv.prepRecv(to, dst, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion c, int r) {
                if (r == 0) {
                    failures.add("end of stream before all bytes arrived");
                    received[0] = Long.MAX_VALUE / 2; // stop the test loop; the failure is reported after it
                    return Action.DISARM;
                }
                received[0] += Math.max(r, 0);
                if (received[0] < data.length) {
                    submit(l, c.prepRecv(to, dst.asSlice(received[0]), 0), this);
                }
                return Action.DISARM;
            }
        });
        while (sent[0] < data.length || received[0] < data.length) {
            loop.run(RunMode.ONCE);
        }
        return dst.toArray(ValueLayout.JAVA_BYTE);
    }

    private void writeFully(EventLoop loop, int fd, byte[] data) {
        MemorySegment src = segment(data);
        long done = 0;
        while (done < data.length) {
            int chunk = (int) Math.min(16 * 1024, data.length - done);
            int r = awaitRetrying(loop, new Completion().prepWrite(fd, src.asSlice(done, chunk), done));
            assertTrue(r > 0 && r <= chunk, "write result: " + r);
            done += r;
        }
    }

    private byte[] readFully(EventLoop loop, int fd, int length) {
        MemorySegment dst = arena.allocate(length);
        long done = 0;
        while (done < length) {
            int chunk = (int) Math.min(16 * 1024, length - done);
            int r = awaitRetrying(loop, new Completion().prepRead(fd, dst.asSlice(done, chunk), done));
            assertTrue(r > 0 && r <= chunk, "read result: " + r);
            done += r;
        }
        return dst.toArray(ValueLayout.JAVA_BYTE);
    }

    private MemorySegment segment(byte[] data) {
        MemorySegment s = arena.allocate(Math.max(1, data.length));
        MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, 0, data.length);
        return s.asSlice(0, data.length);
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
