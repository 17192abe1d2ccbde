package io.zokio.loop.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.EventLoopBuilder;
import io.zokio.loop.OpenFlags;
import io.zokio.loop.RunMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plumbing for {@link BackendConformanceTest}: one loop per test on the backend under test, a
 * {@link CallbackRecorder} that is the callback of every submission, native buffers from a per-test arena,
 * descriptors closed after the test, and helpers that run the loop on the test thread until given completions
 * are done.
 *
 * <p>Teardown order matters for kernel-buffer lifetime: the loop is closed first (every operation still in
 * flight is cancelled and delivered), only then are the buffers' arena and the descriptors released. After
 * teardown every submission must have been delivered exactly once.
 */
abstract class LoopHarness {
    protected static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    protected Path dir;

    protected EventLoop loop;
    protected CallbackRecorder rec = new CallbackRecorder();
    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();
    private Arena arena;

    /** The backend under test. */
    protected abstract BackendKind kind();

    /** Skips (with an assumption that states why) when the backend cannot run on this machine. */
    protected void assumeAvailable() {
    }

    @BeforeEach
    final void openLoop() {
        assumeAvailable();
        arena = Arena.ofShared();
        loop = newLoop(EventLoop.builder());
    }

    /** A loop on the backend under test, closed after the test. The builder's backend is overridden. */
    protected final EventLoop newLoop(EventLoopBuilder builder) {
        EventLoop l = builder.backend(kind()).build();
        loops.add(l);
        return l;
    }

    /** Replaces {@link #loop} by one from {@code builder}, closing the default one first. */
    protected final void replaceLoop(EventLoopBuilder builder) {
        loop.close();
        loop = newLoop(builder);
    }

    @AfterEach
    final void closeEverything() {
        if (arena == null) {
            return; // skipped before anything was opened
        }
        for (EventLoop l : loops) {
            l.close(); // cancels and delivers whatever is still in flight
        }
        for (int fd : fds) {
            try {
                loop.closeNow(fd);
            } catch (IOException | RuntimeException ignored) {
                // cleanup only: the test or the loop's close may already have released it
            }
        }
        arena.close(); // after the loops: the kernel may write into these buffers until then
        rec.assertAllDelivered();
    }

    // ------------------------------------------------------------------ submitting and running

    protected final Completion submit(Completion c) {
        return rec.submit(loop, c);
    }

    protected final Completion submit(Completion c, Callback then) {
        return rec.submit(loop, c, then);
    }

    /** Runs the loop ({@link RunMode#ONCE} at a time) until every one of {@code cs} is done. */
    protected final void runUntil(Completion... cs) {
        while (!allDone(cs)) {
            if (loop.active() == 0) {
                fail("nothing in flight, yet not all awaited completions are done");
            }
            loop.run(RunMode.ONCE);
        }
    }

    private boolean allDone(Completion[] cs) {
        for (Completion c : cs) {
            if (!rec.done(c)) {
                return false;
            }
        }
        return true;
    }

    /** Submits {@code c}, runs until it is done, asserts it was delivered once, returns its result. */
    protected final int await(Completion c) {
        submit(c);
        runUntil(c);
        rec.assertOnce(c);
        return rec.result(c);
    }

    /** Like {@link #await} for an operation that must succeed; returns its result. */
    protected final int awaitOk(Completion c) {
        int r = await(c);
        assertTrue(r >= 0, () -> c.op() + " failed: " + CallbackRecorder.describe(r));
        return r;
    }

    /** Runs a few non-waiting turns, so that what was submitted surely reached the backend. */
    protected final void spin(int turns) {
        for (int i = 0; i < turns; i++) {
            loop.run(RunMode.NO_WAIT);
        }
    }

    // ------------------------------------------------------------------ descriptors

    protected final int track(int fd) {
        fds.add(fd);
        return fd;
    }

    protected final void untrack(int fd) {
        fds.remove(Integer.valueOf(fd));
    }

    protected final int openFile(Path path, int flags, int mode) {
        int fd = awaitOk(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, path.toString(), flags, mode));
        return track(fd);
    }

    /** A connected TCP pair on loopback, made with ACCEPT and CONNECT. */
    protected record Conn(int listener, int server, int client) {
    }

    protected final Conn connectPair() throws IOException {
        int listener = track(loop.openTcpListener(LOOPBACK_ANY_PORT, 16));
        InetSocketAddress address = loop.localAddress(listener);
        assertTrue(address.getPort() > 0, "listener bound to an ephemeral port: " + address);
        int client = track(loop.openTcpSocket(false));
        Completion accept = submit(new Completion().prepAccept(listener));
        Completion connect = submit(new Completion().prepConnect(client, address));
        runUntil(accept, connect);
        rec.assertOnce(connect, 0);
        rec.assertOnce(accept);
        int server = rec.result(accept);
        assertTrue(server >= 0, () -> "accept failed: " + CallbackRecorder.describe(server));
        return new Conn(listener, track(server), client);
    }

    // ------------------------------------------------------------------ buffers

    protected final MemorySegment buffer(long sizeBytes) {
        return arena.allocate(sizeBytes, 64);
    }

    protected final MemorySegment segment(byte[] data) {
        MemorySegment s = buffer(Math.max(1, data.length)).asSlice(0, data.length);
        MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, 0, data.length);
        return s;
    }

    protected static byte[] bytes(MemorySegment s, long length) {
        return s.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }

    protected static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    protected static void assertResult(int expected, int actual, String what) {
        assertEquals(CallbackRecorder.describe(expected), CallbackRecorder.describe(actual), what);
    }
}
