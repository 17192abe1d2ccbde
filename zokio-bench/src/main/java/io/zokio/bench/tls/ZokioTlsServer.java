package io.zokio.bench.tls;

import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> connections on the runtime's virtual threads.
 *
 * <p>The {@code zokio-vt} TLS server: a {@link TlsStream} per accepted connection on a virtual thread of a
 * runtime with its defaults (a worker per core, the default carrier mode; the idle mode only when the bench
 * was given {@code --idle}); one listener per worker sharing
 * each port through SO_REUSEPORT, as the examples do. Echo and sink as {@link TlsServerArgs} says. A first
 * argument {@code --direct} gives the streams direct buffers ({@code zokio.tls.directBuffers}); then
 * {@code --tasks-on-caller} runs handshake tasks on the connection's virtual thread
 * ({@link TlsConfig.HandshakeTasks#ON_CALLER}).
 */
public final class ZokioTlsServer {
    private final Runtime rt;
    private final TlsConfig tls;

    private ZokioTlsServer(Runtime rt, TlsConfig tls) {
        this.rt = rt;
        this.tls = tls;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length > 0 && args[0].equals("--direct")) {
            // zokio-vt-direct: the TLS buffers from the runtime's direct pool (before io.zokio.tls loads)
            System.setProperty("zokio.tls.directBuffers", "true");
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        TlsConfig.HandshakeTasks tasks = TlsConfig.HandshakeTasks.OFF_LOOP;
        if (args.length > 0 && args[0].equals("--tasks-on-caller")) { // zokio-vt-oncaller
            tasks = TlsConfig.HandshakeTasks.ON_CALLER;
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        TlsServerArgs a = TlsServerArgs.parse(args);
        TlsConfig tls = TlsConfig.builder().keyPem(a.cert(), a.key()).protocols("TLSv1.3").handshakeTasks(tasks)
                .build();
        var builder = Runtime.builder().workers(a.threads()).threadNamePrefix("zokio-tls-");
        if (a.idle() != null) {
            builder.idleMode(io.zokio.loop.IdleMode.valueOf(a.idle().toUpperCase(Locale.ROOT)));
        }
        Runtime rt = builder.build();
        ZokioTlsServer server = new ZokioTlsServer(rt, tls);
        int echoPort = server.listen(a.port(), true);
        int sinkPort = server.listen(0, false);
        CountDownLatch stopped = new CountDownLatch(1);
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            java.lang.Runtime.getRuntime().halt(0);
        }, "zokio-tls-shutdown"));
        TlsServerArgs.printReady(echoPort, sinkPort, "zokio-" + rt.backendName(), "workers=" + rt.workers()
                + " carrier=" + rt.carrierMode().name().toLowerCase(Locale.ROOT) + " idle=" + (a.idle() == null ? "default"
                : a.idle()));
        stopped.await();
    }

    /** Binds {@code port} on every worker; returns the port. */
    private int listen(int port, boolean echo) throws IOException {
        InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
        for (int w = 0; w < rt.workers(); w++) {
            TcpListener l = TcpListener.bind(rt, addr,
                    TcpListener.Options.defaults().reusePort(rt.workers() > 1).worker(w));
            addr = l.localAddress();
            l.acceptEach(s -> rt.spawn(() -> serve(s, echo)));
        }
        return addr.getPort();
    }

    private Void serve(TcpStream s, boolean echo) {
        try (TlsStream t = TlsStream.server(rt, s, tls)) {
            s.setNoDelay(true);
            ByteBuffer buf = ByteBuffer.allocate(TlsServerArgs.BUFFER_BYTES);
            ByteBuffer ack = ByteBuffer.allocate(1);
            long received = 0;
            int n;
            while ((n = t.read(buf)) >= 0) {
                if (echo) {
                    buf.flip();
                    t.writeAll(buf);
                } else {
                    long before = received / TlsServerArgs.ACK_BYTES;
                    received += n;
                    for (long k = before; k < received / TlsServerArgs.ACK_BYTES; k++) {
                        t.writeAll(ack.clear());
                    }
                }
                buf.clear();
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
        return null;
    }
}
