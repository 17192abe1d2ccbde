package io.zokio.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> {@link #run} blocks the calling thread (the client loop) and starts one server thread.
 *
 * <p>The plain java.nio ping-pong baseline: a server thread and a client thread, each a non-blocking
 * {@link SocketChannel} in its own {@link Selector} loop ({@code select()} then read/write), direct buffers.
 */
final class JdkNioPingPong {
    private JdkNioPingPong() {
    }

    static double run(long warmup, long measured, long timeoutSeconds) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> serverDone = new CompletableFuture<>();
            Thread server = Thread.ofPlatform().name("jdk-nio-pingpong-server").start(() -> {
                try (SocketChannel ch = listener.accept()) {
                    serve(ch);
                    serverDone.complete(null);
                } catch (IOException | RuntimeException e) {
                    serverDone.completeExceptionally(e);
                }
            });
            try (SocketChannel ch = SocketChannel.open()) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.connect(listener.getLocalAddress());
                return client(ch, warmup, warmup + measured, System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds));
            } finally {
                try {
                    serverDone.get(10, TimeUnit.SECONDS); // the client's close ends the server loop
                } catch (ExecutionException e) {
                    // a reset at the end is not a measurement failure
                }
                server.join(10_000);
            }
        }
    }

    /** Echo loop: read what arrived, write it all back; ends at end of stream. */
    private static void serve(SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        try (Selector selector = Selector.open()) {
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            while (true) {
                selector.select();
                selector.selectedKeys().clear();
                if (key.isReadable()) {
                    int n = ch.read(buf);
                    if (n < 0) {
                        return;
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        if (ch.write(buf) == 0) {
                            Thread.onSpinWait(); // socket buffer full: cannot happen with one 5-byte message
                        }
                    }
                    buf.clear();
                }
            }
        }
    }

    private static double client(SocketChannel ch, long warmup, long total, long deadlineNs) throws IOException {
        ch.configureBlocking(false);
        ByteBuffer ping = ByteBuffer.allocateDirect(5).put(ZokioPingClient.PING).flip();
        ByteBuffer in = ByteBuffer.allocateDirect(5);
        long startNs = warmup == 0 ? System.nanoTime() : 0;
        try (Selector selector = Selector.open()) {
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            writeFully(ch, ping);
            long roundTrips = 0;
            while (true) {
                selector.select();
                selector.selectedKeys().clear();
                if (!key.isReadable()) {
                    continue;
                }
                if (ch.read(in) < 0) {
                    throw new IOException("server closed after " + roundTrips + " round trips");
                }
                if (in.hasRemaining()) {
                    continue; // partial echo
                }
                in.clear();
                roundTrips++;
                if (roundTrips == warmup) {
                    startNs = System.nanoTime();
                }
                if (roundTrips == total) {
                    return (System.nanoTime() - startNs) / 1e9;
                }
                if ((roundTrips & 0xFFF) == 0 && System.nanoTime() > deadlineNs) {
                    throw new IOException("jdk-nio ping-pong timed out after " + roundTrips + " round trips");
                }
                writeFully(ch, ping.rewind());
            }
        }
    }

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.write(b) == 0) {
                Thread.onSpinWait();
            }
        }
    }
}
