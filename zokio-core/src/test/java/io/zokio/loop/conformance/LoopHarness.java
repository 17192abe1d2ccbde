package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.EventLoopBuilder;
import io.zokio.sys.OpenFlags;
import io.zokio.loop.RunMode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-test plumbing of {@link BackendConformanceTest}: one loop on the backend under test, a
 * {@link CallbackRecorder} that is the callback of every submission, native buffers from a per-test arena,
 * descriptors closed after the test, and helpers that run the loop on the test thread until given completions
 * are done.
 *
 * <p><b>Threading:</b> the loop binds to the test method's thread; setup and teardown may run on another thread
 * (the loop is only built there, and closed once the test method returned).
 *
 * <p>Teardown order matters for kernel-buffer lifetime: every loop is closed first (each operation still in
 * flight is cancelled and delivered), only then are the buffers' arena and the descriptors released. After
 * teardown every submission must have been delivered exactly once.
 */
abstract class LoopHarness implements ConformanceContext {
    @TempDir
    Path tempDir;

    private EventLoop loop;
    private final CallbackRecorder rec = new CallbackRecorder();
    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Integer> fds = new ArrayList<>();
    private Arena arena;

    /** Skips (with an assumption that states why) when the backend cannot run on this machine. */
    protected void assumeAvailable() {
    }

    /** Runs after the test's loop was built, before the test; may skip through an assumption. */
    protected void afterLoopOpened() {
    }

    @BeforeEach
    final void openLoop() {
        assumeAvailable();
        arena = Arena.ofShared();
        loop = newLoop(EventLoop.builder());
        afterLoopOpened();
    }

    private EventLoop newLoop(EventLoopBuilder builder) {
        EventLoop l = build(builder.backend(kind()));
        loops.add(l);
        return l;
    }

    /**
     * faults: builds this test's loop from {@code builder} (its backend already forced to {@link #kind()}); a
     * config that wraps the backend (e.g. in a fault-injecting decorator) overrides this.
     */
    protected EventLoop build(EventLoopBuilder builder) {
        return builder.build();
    }

    @AfterEach
    final void closeEverything() {
        if (arena == null) {
            return; // skipped before anything was opened
        }
        closeTracked();
        for (EventLoop l : loops) {
            l.close(); // cancels and delivers whatever is still in flight
        }
        arena.close(); // after the loops: the kernel may write into these buffers until then
        rec.assertAllDelivered();
    }

    /**
     * Closes the descriptors tracked on the current loop while it is open (each once: a number is never closed
     * twice, which could hit a descriptor reused by someone else). A loop the test closed itself releases its
     * own.
     */
    private void closeTracked() {
        if (!loop.isClosed()) {
            for (int fd : fds) {
                try {
                    loop.sockets().closeNow(fd);
                } catch (IOException | RuntimeException ignored) {
                    // cleanup only: the test may have closed it without untracking
                }
            }
        }
        fds.clear();
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    @Override
    public final CallbackRecorder rec() {
        return rec;
    }

    @Override
    public final Path dir() {
        return tempDir;
    }

    @Override
    public final void replaceLoop(EventLoopBuilder builder) {
        closeTracked();
        loop.close();
        loop = newLoop(builder);
    }

    // ------------------------------------------------------------------ submitting and running

    @Override
    public final Completion submit(Completion c) {
        return rec.submit(loop, c);
    }

    @Override
    public final Completion submit(Completion c, Callback then) {
        return rec.submit(loop, c, then);
    }

    @Override
    public final void runUntil(Completion... cs) {
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

    @Override
    public final int await(Completion c) {
        submit(c);
        runUntil(c);
        rec.assertOnce(c);
        return rec.result(c);
    }

    @Override
    public final int awaitOk(Completion c) {
        int r = await(c);
        assertTrue(r >= 0, () -> c.op() + " failed: " + CallbackRecorder.describe(r));
        return r;
    }

    @Override
    public final void spin(int turns) {
        for (int i = 0; i < turns; i++) {
            loop.run(RunMode.NO_WAIT);
        }
    }

    // ------------------------------------------------------------------ descriptors

    @Override
    public final int track(int fd) {
        fds.add(fd);
        return fd;
    }

    @Override
    public final void untrack(int fd) {
        fds.remove(Integer.valueOf(fd));
    }

    @Override
    public final int openFile(Path path, int flags, int mode) {
        int fd = awaitOk(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, path.toString(), flags, mode));
        return track(fd);
    }

    @Override
    public final Conn connectPair() throws IOException {
        int listener = track(loop.sockets().openTcpListener(LOOPBACK_ANY_PORT, 16, false));
        InetSocketAddress address = loop.sockets().localAddress(listener);
        assertTrue(address.getPort() > 0, "listener bound to an ephemeral port: " + address);
        int client = track(loop.sockets().openTcpSocket(false));
        Completion accept = submit(new Completion().prepAccept(listener));
        Completion connect = submit(new Completion().prepConnect(client, address));
        runUntil(accept, connect);
        rec.assertOnce(connect, 0);
        rec.assertOnce(accept);
        int server = rec.result(accept);
        assertTrue(server >= 0, () -> "accept failed: " + CallbackRecorder.describe(server));
        return new Conn(listener, track(server), client);
    }

    // ------------------------------------------------------------------ buffers and data

    @Override
    public final MemorySegment buffer(long sizeBytes) {
        return arena.allocate(sizeBytes, 64);
    }

    @Override
    public final MemorySegment segment(byte[] data) {
        MemorySegment s = buffer(Math.max(1, data.length)).asSlice(0, data.length);
        MemorySegment.copy(data, 0, s, ValueLayout.JAVA_BYTE, 0, data.length);
        return s;
    }

    @Override
    public final byte[] transfer(int from, int to, byte[] data, int chunk) {
        MemorySegment src = segment(data);
        MemorySegment dst = buffer(Math.max(1, data.length));
        MemorySegment recvBuf = buffer(chunk);
        long[] sent = {0};
        long[] received = {0};
        int[] errors = {0};
        Completion send = new Completion();
        Completion recv = new Completion();
        submit(send.prepSend(from, src, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion c, int r) {
                if (r <= 0) {
                    errors[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                sent[0] += r;
                if (sent[0] < data.length) { // a short send: send the rest
                    submit(c.prepSend(from, src.asSlice(sent[0]), 0), this);
                }
                return Action.DISARM;
            }
        });
        submit(recv.prepRecv(to, recvBuf, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion c, int r) {
                if (r <= 0) {
                    errors[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                MemorySegment.copy(recvBuf, 0, dst, received[0], r);
                received[0] += r;
                if (received[0] < data.length) {
                    long want = Math.min(chunk, data.length - received[0]);
                    submit(c.prepRecv(to, recvBuf.asSlice(0, want), 0), this);
                }
                return Action.DISARM;
            }
        });
        while (errors[0] == 0 && !(rec.done(send) && rec.done(recv))) {
            loop.run(RunMode.ONCE);
        }
        assertEquals(0, errors[0], () -> "transfer failed: " + CallbackRecorder.describe(errors[0])
                + " after sending " + sent[0] + " and receiving " + received[0] + " of " + data.length);
        assertEquals(data.length, sent[0]);
        assertEquals(data.length, received[0]);
        return bytes(dst, data.length);
    }
}
