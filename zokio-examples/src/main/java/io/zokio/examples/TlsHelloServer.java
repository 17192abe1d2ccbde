package io.zokio.examples;

import io.zokio.net.TcpListener;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A TLS echo server like the README's, tested here: a virtual thread per
 * connection, each a {@link TlsStream} echoing what it reads. {@code TlsHelloServer CERT.pem KEY.pem} serves
 * 127.0.0.1:8443.
 */
public final class TlsHelloServer {
    private TlsHelloServer() {
    }

    public static void main(String[] args) throws IOException {
        TlsConfig tls = TlsConfig.builder().keyPem(Path.of(args[0]), Path.of(args[1])).build();
        try (Runtime rt = Runtime.builder().build();
             TcpListener listener = TcpListener.bind(rt, new InetSocketAddress("127.0.0.1", 8443),
                     TcpListener.Options.defaults())) {
            serve(rt, listener, tls);
        }
    }

    /** Accepts until the listener is closed (then accept throws); each connection echoes on its own task. */
    public static void serve(Runtime rt, TcpListener listener, TlsConfig tls) throws IOException {
        while (true) {
            TlsStream conn = TlsStream.server(rt, listener.accept(), tls);
            rt.spawn(() -> {
                try (conn) {
                    ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
                    while (conn.read(buf) >= 0) { // the handshake happens on the first read
                        conn.writeAll(buf.flip());
                        buf.clear();
                    }
                }
                return null;
            });
        }
    }
}
