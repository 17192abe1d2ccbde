package io.zokio.faults;

import io.zokio.buffer.PooledBuffer;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The networking scenario of a fault run, through the public API only: an echo server (blocking style, one
 * virtual thread per connection) and, against it, blocking clients that check every byte echoed back is the
 * byte they sent (short transfers must never corrupt or reorder a stream), an async-style client, a read that
 * times out, a read whose task is cancelled, a read ended by closing its stream; and
 * {@link MultishotAndUdpScenario}'s multishot accept and receive and UDP datagrams. Faults may end any
 * operation early with a documented exception; the scenario then gives up that connection, never the run.
 *
 * <p><b>Threading:</b> {@link #run} on the test thread; the rest in the runtime's tasks.
 */
final class NetScenario {
    static final int CLIENTS = 3;
    static final int STREAM_BYTES = 32 * 1024;
    static final int CHUNK = 4096;
    static final Duration LONG = Duration.ofSeconds(20);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final FaultHarness h;
    private final Runtime rt;
    private final Ledger ledger;
    private final List<Task<?>> handlers = new CopyOnWriteArrayList<>();

    NetScenario(FaultHarness h) {
        this.h = h;
        this.rt = h.rt;
        this.ledger = h.ledger;
    }

    /** Runs the whole scenario and joins every task it started, each within the harness's bound. */
    void run() throws Exception {
        TcpListener listener = h.join(rt.spawn(() -> TcpListener.bind(rt, LOOPBACK, TcpListener.Options.defaults())),
                "bind");
        InetSocketAddress at = listener.localAddress();
        Task<Void> acceptor = rt.spawn(() -> {
            accept(listener);
            return null;
        });
        long seed = h.config.seed();
        List<Task<Void>> clients = new CopyOnWriteArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            long s = seed + i;
            clients.add(rt.spawn(() -> {
                echoClient(at, s);
                return null;
            }));
        }
        clients.add(rt.spawn(() -> {
            asyncClient(at, seed);
            return null;
        }));
        clients.add(rt.spawn(() -> {
            timeoutClient(at);
            return null;
        }));
        clients.add(rt.spawn(() -> {
            closeWhilePending(at);
            return null;
        }));
        clients.add(rt.spawn(() -> {
            new MultishotAndUdpScenario(h).udp();
            return null;
        }));
        clients.add(rt.spawn(() -> {
            new MultishotAndUdpScenario(h).multishot();
            return null;
        }));
        cancelledRead(at);
        for (Task<Void> c : clients) {
            h.join(c, "a client");
        }
        h.join(rt.spawn(() -> {
            listener.close();
            return null;
        }), "closing the listener");
        h.join(acceptor, "the acceptor");
        for (Task<?> t : handlers) {
            h.join(t, "an echo handler");
        }
    }

    // ------------------------------------------------------------------ server

    private void accept(TcpListener listener) throws InterruptedException {
        while (true) {
            TcpStream s;
            try {
                s = ledger.call("accept", listener::accept);
            } catch (ClosedChannelException e) { // includes AsynchronousCloseException: the listener closed
                return;
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return;
                }
                continue; // an injected error on one accept: the connection waits in the backlog for the next
            }
            handlers.add(rt.spawn(() -> {
                echo(s);
                return null;
            }));
        }
    }

    private void echo(TcpStream s) throws InterruptedException {
        PooledBuffer buf = rt.buffers().acquire(CHUNK);
        MemorySegment seg = buf.segment().asSlice(0, CHUNK);
        try {
            while (true) {
                int n = ledger.call("server recv", () -> s.read(seg, LONG));
                if (n < 0) {
                    break;
                }
                long done = 0;
                while (done < n) {
                    long d = done;
                    done += ledger.call("server send", () -> s.write(seg.asSlice(d, n - d), LONG));
                }
            }
        } catch (IOException e) {
            // a fault ended this connection; the client sees end of stream or a reset
        } finally {
            closeQuietly(s);
            h.checkReleasable(seg, "echo buffer");
            buf.release();
        }
    }

    // ------------------------------------------------------------------ clients

    /** Sends a seeded stream, half-closes, reads the echo back: what arrives must be a prefix of what was sent. */
    private void echoClient(InetSocketAddress at, long seed) throws InterruptedException {
        PooledBuffer out = rt.buffers().acquire(STREAM_BYTES);
        PooledBuffer in = rt.buffers().acquire(STREAM_BYTES);
        MemorySegment o = out.segment().asSlice(0, STREAM_BYTES);
        MemorySegment i = in.segment().asSlice(0, STREAM_BYTES);
        byte[] data = new byte[STREAM_BYTES];
        new SplittableRandom(seed).nextBytes(data);
        MemorySegment.copy(data, 0, o, ValueLayout.JAVA_BYTE, 0, data.length);
        long sent = 0;
        long received = 0;
        TcpStream s = null;
        try {
            s = ledger.call("connect", () -> TcpStream.connect(rt, at, LONG));
            TcpStream st = s;
            while (sent < STREAM_BYTES) {
                long from = sent;
                sent += ledger.call("client send", () -> st.write(o.asSlice(from, Math.min(CHUNK, STREAM_BYTES - from)),
                        LONG));
            }
            ledger.call("shutdownOutput", () -> {
                st.shutdownOutput();
                return null;
            });
            while (received < STREAM_BYTES) {
                long from = received;
                int n = ledger.call("client recv", () -> st.read(i.asSlice(from), LONG));
                if (n < 0) {
                    break;
                }
                received += n;
            }
        } catch (IOException e) {
            // a fault ended the connection early: check what did arrive
        } finally {
            closeQuietly(s);
            h.checkReleasable(o, "client send buffer");
            h.checkReleasable(i, "client receive buffer");
            long r = received;
            long differs = r == 0 ? -1 : i.asSlice(0, r).mismatch(o.asSlice(0, r));
            if (r > sent || differs >= 0) {
                out.release();
                in.release();
                throw h.failure("echo corrupted: " + r + " bytes back of " + sent + " sent, first difference at "
                        + differs, null);
            }
            ledger.verifiedBytes.addAndGet(r);
            out.release();
            in.release();
        }
    }

    /** The same exchange in the async style: connect, write all, read once, close; each stage recorded. */
    private void asyncClient(InetSocketAddress at, long seed) throws Exception {
        PooledBuffer out = rt.buffers().acquire(CHUNK);
        PooledBuffer in = rt.buffers().acquire(CHUNK);
        ByteBuffer ob = out.byteBuffer().limit(CHUNK);
        ByteBuffer ib = in.byteBuffer().limit(CHUNK);
        byte[] data = new byte[CHUNK];
        new SplittableRandom(~seed).nextBytes(data);
        ob.put(0, data);
        long c = ledger.start("connectAsync");
        CompletableFuture<TcpStream> conn = TcpStream.connectAsync(rt, at, LONG);
        CompletableFuture<Integer> done = conn.whenComplete((st, e) -> ledger.end(c, e)).thenCompose(st -> {
            long w = ledger.start("writeAllAsync");
            return st.writeAllAsync(ob, LONG).whenComplete((v, e) -> ledger.end(w, e)).thenCompose(v -> {
                long r = ledger.start("readAsync");
                return st.readAsync(ib, LONG).whenComplete((n, e) -> ledger.end(r, e));
            });
        });
        Integer n = null;
        try {
            n = done.get(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // a documented failure of one stage, recorded by the ledger
        } catch (java.util.concurrent.TimeoutException e) {
            throw h.failure("the async client's chain did not end (a hang)", e);
        } finally {
            TcpStream st = conn.isDone() && !conn.isCompletedExceptionally() ? conn.join() : null;
            closeQuietly(st);
            h.checkReleasable(out.segment(), "async send buffer");
            h.checkReleasable(in.segment(), "async receive buffer");
        }
        if (n != null && n > 0) {
            for (int k = 0; k < n; k++) {
                if (ib.get(k) != data[k]) {
                    throw h.failure("async echo corrupted at byte " + k, null);
                }
            }
            ledger.verifiedBytes.addAndGet(n);
        }
        out.release();
        in.release();
    }

    /** A read nobody answers, with a short timeout: SocketTimeoutException (or an injected error). */
    private void timeoutClient(InetSocketAddress at) throws InterruptedException {
        PooledBuffer in = rt.buffers().acquire(64);
        MemorySegment seg = in.segment().asSlice(0, 64);
        TcpStream s = null;
        try {
            s = ledger.call("connect", () -> TcpStream.connect(rt, at, LONG));
            TcpStream st = s;
            ledger.call("recv with timeout", () -> st.read(seg, Duration.ofMillis(20)));
        } catch (IOException e) {
            // java.net.SocketTimeoutException expected; an injected error is as good
        } finally {
            closeQuietly(s);
            h.checkReleasable(seg, "timed-out read buffer");
            in.release();
        }
    }

    /** A read pending when another task closes its stream: {@code AsynchronousCloseException} (or closed). */
    private void closeWhilePending(InetSocketAddress at) throws Exception {
        PooledBuffer in = rt.buffers().acquire(64);
        MemorySegment seg = in.segment().asSlice(0, 64);
        TcpStream s;
        try {
            s = ledger.call("connect", () -> TcpStream.connect(rt, at, LONG));
        } catch (IOException e) {
            in.release();
            return;
        }
        CountDownLatch reading = new CountDownLatch(1);
        Task<Void> reader = rt.spawn(() -> {
            try {
                reading.countDown();
                ledger.call("recv closed under it", () -> s.read(seg, LONG));
            } catch (ClosedChannelException expected) { // AsynchronousCloseException, or closed before the read began
                // the close won
            } catch (IOException e) {
                // an injected error came first
            }
            return null;
        });
        reading.await();
        closeQuietly(s);
        h.join(reader, "a read whose stream was closed");
        h.checkReleasable(seg, "closed read buffer");
        in.release();
    }

    /** A read whose task is cancelled: the read ends (interrupted) and the task ends cancelled. */
    private void cancelledRead(InetSocketAddress at) throws Exception {
        PooledBuffer in = rt.buffers().acquire(64);
        MemorySegment seg = in.segment().asSlice(0, 64);
        CountDownLatch reading = new CountDownLatch(1);
        Task<Void> t = rt.spawn(() -> {
            TcpStream s = null;
            try {
                s = ledger.call("connect", () -> TcpStream.connect(rt, at, LONG));
                TcpStream st = s;
                reading.countDown();
                ledger.call("recv in a cancelled task", () -> st.read(seg, LONG));
            } catch (IOException e) {
                // InterruptedIOException expected, or an injected error first
            } finally {
                reading.countDown();
                closeQuietly(s);
            }
            return null;
        });
        reading.await(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
        t.cancel();
        try {
            t.toCompletableFuture().get(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.CancellationException | java.util.concurrent.ExecutionException e) {
            // cancelled, as asked
        } catch (java.util.concurrent.TimeoutException e) {
            throw h.failure("a cancelled task's read did not end (a hang)", e);
        }
        h.checkReleasable(seg, "cancelled read buffer");
        in.release();
    }

    static void closeQuietly(TcpStream s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing after a fault: nothing to add
            }
        }
    }
}
