package check;

// README-SNIPPET: tls-server
import io.zokio.net.TcpListener;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import io.zokio.tls.TlsStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
// README-SNIPPET-END

/** The README's TLS server, compiled against the installed artifact (./zokio consumer-check). */
final class TlsServerExample {

    private TlsServerExample() {
    }

    static void run() throws Exception {
        // README-SNIPPET: tls-server
        TlsConfig tls = TlsConfig.builder().keyPem(Path.of("cert.pem"), Path.of("key.pem")).build();
        try (Runtime rt = Runtime.builder().build();
             TcpListener listener = TcpListener.bind(rt, new InetSocketAddress("127.0.0.1", 8443),
                     TcpListener.Options.defaults())) {
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
        // README-SNIPPET-END
    }
}
