package io.zokio.examples.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.zokio.net.TcpListener;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README snippet's server ({@code TlsHelloServer.serve}) answers a JDK client and stops with its listener. */
@Timeout(60)
class TlsHelloServerTest {
    @TempDir
    Path dir;

    @Test
    void snippetServerEchoesOverTls() throws Exception {
        Path[] pem = TlsExampleFiles.selfSigned(dir);
        TlsConfig tls = TlsConfig.builder().keyPem(pem[0], pem[1]).build();
        try (Runtime rt = Runtime.builder().workers(1).build();
             TcpListener listener = TcpListener.bind(rt, new InetSocketAddress("127.0.0.1", 0),
                     TcpListener.Options.defaults())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    io.zokio.examples.TlsHelloServer.serve(rt, listener, tls);
                } catch (java.io.IOException closed) {
                    // the listener was closed: the end of the test
                }
            });
            try (SSLSocket s = (SSLSocket) TlsExampleFiles.trusting(pem[0]).getSocketFactory()
                    .createSocket("localhost", listener.port())) {
                s.setSoTimeout(30_000);
                s.getOutputStream().write("ping".getBytes());
                assertArrayEquals("ping".getBytes(), s.getInputStream().readNBytes(4));
            }
            listener.close();
            acceptor.join();
        }
    }
}
