package io.zokio.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import org.HdrHistogram.Histogram;

/**
 * <b>Threading:</b> not thread-safe; {@link #run} blocks the calling thread for warm-up plus measurement.
 *
 * <p>The load client of the echo bench, the same for every server: one platform thread, one {@link Selector},
 * {@code C} non-blocking connections with {@code TCP_NODELAY}. Closed loop: each connection sends one
 * {@code messageBytes} message and waits for the whole echo before sending the next. Latency (send to last echoed
 * byte) goes into an HdrHistogram during the measured window only.
 */
public final class EchoLoadClient {
    /** Latencies above 60 s are clamped (a stall that long already ruins the figure). */
    private static final long MAX_LATENCY_NS = 60_000_000_000L;

    /** What one measured window produced. */
    public record Window(long roundTrips, double secs, Histogram latencyNs) {
        public double p50Us() {
            return latencyNs.getValueAtPercentile(50) / 1000.0;
        }

        public double p99Us() {
            return latencyNs.getValueAtPercentile(99) / 1000.0;
        }
    }

    /** Called at the start and the end of the measured window (e.g. to read the server's CPU time). */
    public interface WindowListener {
        void onWindowEdge(boolean start) throws IOException;
    }

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer out;
        final ByteBuffer in;
        long sentNs;

        Conn(SocketChannel channel, int messageBytes) {
            this.channel = channel;
            this.out = ByteBuffer.allocateDirect(messageBytes);
            this.in = ByteBuffer.allocateDirect(messageBytes);
            for (int i = 0; i < messageBytes; i++) {
                out.put(i, (byte) ('a' + i % 26));
            }
        }
    }

    private EchoLoadClient() {
    }

    /**
     * Connects {@code connections} sockets to {@code server}, runs the closed loop for {@code warmupNs}
     * unmeasured, then for {@code measureNs} measured, then closes the sockets.
     */
    public static Window run(InetSocketAddress server, int connections, int messageBytes, long warmupNs,
            long measureNs, WindowListener listener) throws IOException {
        Conn[] conns = new Conn[connections];
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open();
                conns[i] = new Conn(ch, messageBytes);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(server); // blocking connect: loopback, immediate
                ch.configureBlocking(false);
            }
            SelectionKey[] keys = new SelectionKey[connections];
            for (int i = 0; i < connections; i++) {
                keys[i] = conns[i].channel.register(selector, SelectionKey.OP_READ, conns[i]);
            }
            Histogram histogram = new Histogram(MAX_LATENCY_NS, 3);
            long now = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                send(conns[i], now);
                if (conns[i].out.hasRemaining()) {
                    keys[i].interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            }
            long measureStart = now + warmupNs;
            long measureEnd = measureStart + measureNs;
            boolean measuring = false;
            long roundTrips = 0;
            while (true) {
                selector.select(10); // bounded so that the window edges are noticed without traffic
                now = System.nanoTime();
                if (!measuring && now >= measureStart) {
                    measuring = true;
                    measureStart = now;
                    measureEnd = now + measureNs;
                    listener.onWindowEdge(true);
                }
                if (measuring && now >= measureEnd) {
                    listener.onWindowEdge(false);
                    return new Window(roundTrips, (now - measureStart) / 1e9, histogram);
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    Conn c = (Conn) key.attachment();
                    if (key.isWritable()) {
                        flush(c, key);
                    }
                    if (!key.isReadable()) {
                        continue;
                    }
                    if (c.channel.read(c.in) < 0) {
                        throw new IOException("server closed a connection");
                    }
                    if (c.in.hasRemaining()) {
                        continue; // partial echo
                    }
                    long done = System.nanoTime();
                    if (measuring) {
                        roundTrips++;
                        histogram.recordValue(Math.min(MAX_LATENCY_NS, done - c.sentNs));
                    }
                    c.in.clear();
                    send(c, done);
                    if (c.out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    }
                }
            }
        } finally {
            for (Conn c : conns) {
                if (c != null) {
                    c.channel.close();
                }
            }
        }
    }

    private static void send(Conn c, long nowNs) throws IOException {
        c.sentNs = nowNs;
        c.out.clear();
        c.channel.write(c.out); // a 64-byte write to a drained socket completes at once; see flush() otherwise
    }

    private static void flush(Conn c, SelectionKey key) throws IOException {
        c.channel.write(c.out);
        if (!c.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }
}
