package io.zokio.bench.tls;

import io.zokio.tls.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * <b>Threading:</b> an acceptor virtual thread per port, a virtual thread per connection (the JDK scheduler).
 *
 * <p>The {@code jdk-sslsocket-vt} TLS server: the JDK's {@link SSLServerSocket} and blocking streams on virtual
 * threads, TLS 1.3 only. The {@link SSLContext} is plain JDK; only the PEM loading is Zokio's
 * ({@link TlsConfig#sslContext()}).
 */
public final class JdkSslSocketServer {
    private JdkSslSocketServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        TlsServerArgs a = TlsServerArgs.parse(args);
        SSLContext ctx = TlsConfig.builder().keyPem(a.cert(), a.key()).build().sslContext();
        int echoPort = listen(ctx, a.port(), true);
        int sinkPort = listen(ctx, 0, false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "jdk-tls-shutdown"));
        TlsServerArgs.printReady(echoPort, sinkPort, "jdk-sslsocket-vt", "");
        stopped.await();
    }

    private static int listen(SSLContext ctx, int port, boolean echo) throws IOException {
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(port, 1024, InetAddress.getByName("127.0.0.1"));
        server.setEnabledProtocols(new String[] {"TLSv1.3"});
        Thread.ofVirtual().name("acceptor-" + port).start(() -> {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException closed) {
                    return;
                }
                Thread.ofVirtual().start(() -> serve(s, echo));
            }
        });
        return server.getLocalPort();
    }

    private static void serve(Socket s, boolean echo) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[TlsServerArgs.BUFFER_BYTES];
            long received = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (echo) {
                    out.write(buf, 0, n);
                } else {
                    long before = received / TlsServerArgs.ACK_BYTES;
                    received += n;
                    for (long k = before; k < received / TlsServerArgs.ACK_BYTES; k++) {
                        out.write('k');
                    }
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
