package io.zokio.examples;

import io.zokio.loop.BackendKind;
import io.zokio.loop.IdleMode;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>Threading:</b> {@link #start} and {@link #close} from any thread that is not one of the server's workers;
 * everything else runs on the server's virtual threads.
 *
 * <p>The echo server in the blocking style: one virtual thread per connection reads up to 4 KiB and writes it
 * back, plain sequential code on {@link TcpStream}. One listener per worker shares the port through
 * SO_REUSEPORT, each accepting with one multishot accept ({@link TcpListener#acceptEach}), so that a
 * connection lives on the worker that accepted it.
 * Virtual threads are carried by the workers themselves (AFFINE) where the JDK allows, so that their I/O is
 * submitted on the thread that reaps it. With a {@link TlsConfig} every connection is a {@link TlsStream} over
 * the accepted socket: the same loop, but reads decrypt and writes encrypt.
 */
public final class VthreadEchoServer implements AutoCloseable {
    private final Runtime runtime;
    /** Null: plain TCP. */
    private final TlsConfig tls;
    private final List<TcpListener> listeners = new ArrayList<>();
    private final Set<TcpStream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private VthreadEchoServer(Runtime runtime, TlsConfig tls) {
        this.runtime = runtime;
        this.tls = tls;
    }

    /** Starts on 127.0.0.1:{@code port} (0: ephemeral) with {@code workers} loops; returns once listening. */
    public static VthreadEchoServer start(int port, BackendKind backend, IdleMode idle, int workers) throws IOException {
        return start(port, backend, idle, workers, null);
    }

    /** As {@link #start(int, BackendKind, IdleMode, int)}, over TLS when {@code tls} is not null. */
    public static VthreadEchoServer start(int port, BackendKind backend, IdleMode idle, int workers, TlsConfig tls)
            throws IOException {
        Runtime rt = Runtime.builder().workers(workers).backend(backend).idleMode(idle)
                .carrierMode(CarrierMode.AFFINE).threadNamePrefix("zokio-echo-").build();
        VthreadEchoServer server = new VthreadEchoServer(rt, tls);
        try {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
            for (int w = 0; w < workers; w++) {
                TcpListener.Options o = TcpListener.Options.defaults().reusePort(workers > 1).worker(w);
                TcpListener l = TcpListener.bind(rt, addr, o);
                server.listeners.add(l);
                addr = l.localAddress(); // the others join the first one's (maybe ephemeral) port
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        for (TcpListener l : server.listeners) {
            // one multishot accept per listener; the handler runs on the loop thread and only spawns
            l.acceptEach(server::onAccepted).whenComplete((v, e) -> {
                if (e != null && !server.stopping) {
                    EchoServer.log("accepting stopped: " + e);
                }
            });
        }
        return server;
    }

    private void onAccepted(TcpStream s) {
        open.add(s);
        runtime.spawn(() -> serve(s));
    }

    private Void serve(TcpStream s) {
        try (s) {
            s.setNoDelay(true);
            if (tls == null) {
                echo(s);
            } else {
                try (TlsStream t = TlsStream.server(runtime, s, tls)) {
                    echo(t);
                }
            }
        } catch (IOException e) {
            if (!stopping) {
                EchoServer.log("connection: " + e.getMessage());
            }
        } finally {
            open.remove(s);
        }
        return null;
    }

    /** Writes back what it reads until end of stream; a TcpStream and a TlsStream are both byte channels. */
    private static void echo(java.nio.channels.ByteChannel s) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        while (s.read(buf) >= 0) {
            buf.flip();
            while (buf.hasRemaining()) {
                s.write(buf);
            }
            buf.clear();
        }
    }

    public int port() {
        return listeners.get(0).port();
    }

    public String backendName() {
        return runtime.backendName();
    }

    /** {@code affine} when the workers carry the virtual threads, {@code shared} when the JDK's scheduler does. */
    public String carrierName() {
        return runtime.carrierMode().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Stops accepting, closes every connection (their reads fail and their tasks end), shuts the runtime down. */
    @Override
    public void close() {
        stopping = true;
        for (TcpListener l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                EchoServer.log("close of a listener: " + e.getMessage());
            }
        }
        for (TcpStream s : open) {
            try {
                s.close();
            } catch (IOException e) {
                EchoServer.log("close of a connection: " + e.getMessage());
            }
        }
        runtime.close();
    }
}
