package io.zokio.examples.soak;

import io.zokio.examples.EchoServer;
import io.zokio.examples.VthreadEchoServer;
import io.zokio.loop.BackendKind;
import io.zokio.loop.IdleMode;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * <b>Threading:</b> as {@link Load}.
 *
 * <p>Echo traffic against both example servers (the loop style and the virtual-thread style): each connection
 * sends messages of 1 to 4,096 random bytes and checks that the same bytes come back; every
 * {@link #RECONNECT_EVERY} messages it closes and connects again, so connections churn too.
 */
final class EchoLoad extends Load {
    static final int RECONNECT_EVERY = 5_000;
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);
    private final BackendKind backend;
    private final int connectionsPerServer;
    private final long seed;
    private EchoServer loopServer;
    private VthreadEchoServer vtServer;

    EchoLoad(SoakErrors errors, BackendKind backend, int connectionsPerServer, long seed) {
        super("echo", errors);
        this.backend = backend;
        this.connectionsPerServer = connectionsPerServer;
        this.seed = seed;
    }

    @Override
    void start(Runtime rt) throws Exception {
        loopServer = EchoServer.start(0, backend, IdleMode.BALANCED);
        vtServer = VthreadEchoServer.start(0, backend, IdleMode.BALANCED, 1);
        for (int i = 0; i < connectionsPerServer; i++) {
            client(rt, new InetSocketAddress("127.0.0.1", loopServer.port()), seed + i);
            client(rt, new InetSocketAddress("127.0.0.1", vtServer.port()), seed + 1000 + i);
        }
    }

    private void client(Runtime rt, InetSocketAddress server, long clientSeed) {
        SplittableRandom random = new SplittableRandom(clientSeed);
        ByteBuffer out = ByteBuffer.allocateDirect(4096);
        ByteBuffer in = ByteBuffer.allocateDirect(4096);
        TcpStream[] stream = new TcpStream[1];
        int[] sent = new int[1];
        loop(rt, "echo client of port " + server.getPort(), () -> {
            if (stream[0] == null) {
                stream[0] = TcpStream.connect(rt, server, IO_TIMEOUT);
            }
            try {
                int len = 1 + random.nextInt(4096);
                out.clear();
                for (int i = 0; i < len; i++) {
                    out.put((byte) random.nextInt());
                }
                out.flip();
                stream[0].writeAll(out);
                in.clear().limit(len);
                while (in.hasRemaining()) {
                    if (stream[0].read(in, IO_TIMEOUT) < 0) {
                        throw new java.io.EOFException("echo server closed the connection");
                    }
                }
                in.flip();
                out.rewind();
                if (in.mismatch(out) >= 0) {
                    errors.record(name, "echoed bytes differ from the sent ones (" + len + " bytes)");
                }
                progress(1);
                if (++sent[0] % RECONNECT_EVERY == 0 || stopping()) {
                    stream[0].close();
                    stream[0] = null;
                }
            } catch (Exception e) {
                stream[0].close();
                stream[0] = null;
                throw e;
            }
        });
    }

    @Override
    void close() {
        if (loopServer != null) {
            loopServer.close();
        }
        if (vtServer != null) {
            vtServer.close();
        }
    }
}
