package check;

// README-SNIPPET: echo-server
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
// README-SNIPPET-END

/** The README's echo server, compiled against the installed artifact (./zokio consumer-check). */
final class EchoServerExample {

    private EchoServerExample() {
    }

    static void run() throws Exception {
        // README-SNIPPET: echo-server
        try (Runtime rt = Runtime.builder().build();
             TcpListener server = TcpListener.bind(rt, new InetSocketAddress("127.0.0.1", 9000),
                     TcpListener.Options.defaults())) {
            while (true) {
                TcpStream conn = server.accept();         // parks this thread until a client connects
                rt.spawn(() -> {                          // a virtual thread per connection
                    try (conn) {
                        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
                        while (conn.read(buf) >= 0) {     // parks the virtual thread, never its carrier
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
