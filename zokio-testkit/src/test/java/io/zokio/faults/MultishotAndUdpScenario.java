package io.zokio.faults;

import io.zokio.buffer.PooledBuffer;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.net.UdpSocket;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The part of {@link NetScenario} beyond plain streams: multishot accept and receive fed by zero-copy sends, and
 * UDP datagrams, each checked byte for byte.
 *
 * <p><b>Threading:</b> the methods run in the runtime's tasks; the receive handler on the stream's loop thread.
 */
final class MultishotAndUdpScenario {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final FaultHarness h;
    private final Runtime rt;
    private final Ledger ledger;

    MultishotAndUdpScenario(FaultHarness h) {
        this.h = h;
        this.rt = h.rt;
        this.ledger = h.ledger;
    }

    // ------------------------------------------------------------------ multishot

    /** The byte at {@code i} of a multishot client's stream (both ends know it). */
    private static byte pattern(long i) {
        return (byte) (i * 31 + 7);
    }

    /**
     * A listener served by {@code acceptEach} (multishot accept on io_uring), its streams read by
     * {@code readEach} (multishot receive into a provided-buffer group), fed by clients that send with
     * {@code sendZeroCopy} (SEND_ZC on io_uring): what each server stream receives must be a prefix of the pattern.
     */
    void multishot() throws Exception {
        TcpListener listener = TcpListener.bind(rt, LOOPBACK, TcpListener.Options.defaults());
        List<Task<Void>> served = new CopyOnWriteArrayList<>();
        long acceptId = ledger.start("acceptEach");
        CompletableFuture<Void> accepting = listener.acceptEach(s -> served.add(rt.spawn(() -> {
            readEach(s);
            return null;
        }))).whenComplete((v, e) -> ledger.end(acceptId, e));
        for (int c = 0; c < 2; c++) {
            zeroCopyClient(listener.localAddress());
        }
        listener.close();
        try {
            accepting.get(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // closed under it, or an injected error ended it earlier
        } catch (java.util.concurrent.TimeoutException e) {
            throw h.failure("acceptEach did not end after its listener closed (a hang)", e);
        }
        for (Task<Void> t : served) {
            h.join(t, "a readEach server");
        }
    }

    private void zeroCopyClient(InetSocketAddress at) throws InterruptedException {
        int size = 4 * NetScenario.CHUNK;
        PooledBuffer out = rt.buffers().acquire(size);
        MemorySegment o = out.segment().asSlice(0, size);
        for (int i = 0; i < size; i++) {
            o.set(ValueLayout.JAVA_BYTE, i, pattern(i));
        }
        TcpStream s = null;
        try {
            s = ledger.call("connect", () -> TcpStream.connect(rt, at, NetScenario.LONG));
            TcpStream st = s;
            long sent = 0;
            while (sent < size) {
                long from = sent;
                sent += ledger.call("sendZeroCopy", () -> st.sendZeroCopy(o.asSlice(from), NetScenario.LONG));
            }
        } catch (IOException e) {
            // a fault ended the stream: the server checks what arrived
        } finally {
            NetScenario.closeQuietly(s);
            h.checkReleasable(o, "zero-copy send buffer");
            out.release();
        }
    }

    private void readEach(TcpStream s) throws Exception {
        io.zokio.loop.BufferGroup group;
        try {
            group = ledger.call("openBufferGroup", () -> s.openBufferGroup(4, 4096));
        } catch (IOException e) {
            NetScenario.closeQuietly(s);
            return;
        }
        long[] received = {0}; // loop thread until the future completes (which publishes it)
        long[] wrongAt = {-1};
        long id = ledger.start("readEach");
        CompletableFuture<Void> done = s.readEach(group, (seg, buf) -> {
            for (long i = 0; i < seg.byteSize(); i++) {
                if (seg.get(ValueLayout.JAVA_BYTE, i) != pattern(received[0] + i) && wrongAt[0] < 0) {
                    wrongAt[0] = received[0] + i;
                }
            }
            received[0] += seg.byteSize();
            group.release(buf);
            return true;
        }).whenComplete((v, e) -> ledger.end(id, e));
        try {
            done.get(FaultHarness.JOIN_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            // an injected error ended the receive
        } catch (java.util.concurrent.TimeoutException e) {
            throw h.failure("readEach did not end after its peer closed (a hang)", e);
        } finally {
            NetScenario.closeQuietly(s);
        }
        ledger.call("closeBufferGroup", () -> {
            s.closeBufferGroup(group);
            return null;
        });
        if (wrongAt[0] >= 0) {
            throw h.failure("readEach stream corrupted at byte " + wrongAt[0] + " of " + received[0], null);
        }
        ledger.verifiedBytes.addAndGet(received[0]);
    }

    // ------------------------------------------------------------------ UDP

    /** Datagrams arrive whole (each carries its index in every byte) or not at all. */
    void udp() throws Exception {
        int count = 16;
        int size = 512;
        PooledBuffer out = rt.buffers().acquire(size);
        PooledBuffer in = rt.buffers().acquire(size);
        UdpSocket a = UdpSocket.bind(rt, LOOPBACK);
        UdpSocket b = UdpSocket.bind(rt, LOOPBACK);
        try {
            InetSocketAddress to = b.localAddress();
            for (int k = 0; k < count; k++) {
                ByteBuffer d = out.byteBuffer().clear().limit(size - (k % 7));
                for (int j = 0; j < d.limit(); j++) {
                    d.put(j, (byte) k);
                }
                try {
                    ledger.call("udp send", () -> a.send(d, to));
                } catch (IOException e) {
                    // ENOBUFS, or an injected ECANCELED: that datagram is not sent
                }
            }
            while (true) {
                ByteBuffer d = in.byteBuffer().clear().limit(size);
                try {
                    ledger.call("udp receive", () -> b.receive(d, Duration.ofMillis(50)));
                } catch (IOException e) {
                    break; // SocketTimeoutException: none left (or an injected error)
                }
                d.flip();
                int k = d.get(0);
                if (d.remaining() != size - (k % 7)) {
                    throw h.failure("datagram " + k + " arrived with " + d.remaining() + " bytes", null);
                }
                for (int j = 0; j < d.remaining(); j++) {
                    if (d.get(j) != k) {
                        throw h.failure("datagram " + k + " corrupted at byte " + j, null);
                    }
                }
                ledger.verifiedBytes.addAndGet(d.remaining());
            }
        } finally {
            a.close();
            b.close();
            h.checkReleasable(out.segment(), "udp send buffer");
            h.checkReleasable(in.segment(), "udp receive buffer");
            out.release();
            in.release();
        }
    }
}
