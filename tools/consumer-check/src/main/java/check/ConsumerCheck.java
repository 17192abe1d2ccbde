package check;

import io.zokio.fs.AsyncFile;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Uses the installed io.zokio:zokio as an application would: a runtime, a listener on an ephemeral port of
 * 127.0.0.1, a line echoed over TCP between two virtual-thread tasks, a file read with {@link AsyncFile}, and one
 * request to an io.zokio:zokio-http server.
 * Prints {@code OK ...} and exits 0, or throws (exit 1).
 */
public final class ConsumerCheck {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("zokio-consumer-check", ".txt");
        try (Runtime rt = Runtime.builder().build();
             TcpListener server = TcpListener.bind(rt, new InetSocketAddress("127.0.0.1", 0),
                     TcpListener.Options.defaults())) {
            // the server side: one virtual thread echoes what one connection sends until it ends
            Task<Long> echo = rt.spawn(() -> {
                long echoed = 0;
                try (TcpStream conn = server.accept(LIMIT)) {
                    ByteBuffer buf = ByteBuffer.allocateDirect(4096);
                    int n;
                    while ((n = conn.read(buf, LIMIT)) >= 0) {
                        conn.writeAll(buf.flip());
                        buf.clear();
                        echoed += n;
                    }
                }
                return echoed;
            });

            // the client side, in another virtual thread: send a line, read it back
            String line = "hello from a consumer of io.zokio:zokio\n";
            byte[] sent = line.getBytes(StandardCharsets.UTF_8);
            String back = rt.spawn(() -> {
                try (TcpStream s = TcpStream.connect(rt, server.localAddress(), LIMIT)) {
                    s.setReadTimeout(LIMIT);
                    s.writeAll(ByteBuffer.wrap(sent));
                    ByteBuffer in = ByteBuffer.allocate(sent.length);
                    s.readFully(in);
                    s.shutdownOutput();
                    return new String(in.array(), StandardCharsets.UTF_8);
                }
            }).join();
            check(line.equals(back), "echo returned " + back);
            long echoed = echo.join();
            check(echoed == sent.length, "the server echoed " + echoed + " bytes, expected " + sent.length);

            // a file read from a virtual thread
            String content = "written by java.nio, read by io.zokio.fs.AsyncFile\n".repeat(100);
            Files.writeString(file, content);
            String read = rt.spawn(() -> {
                try (AsyncFile f = AsyncFile.open(file, StandardOpenOption.READ)) {
                    MemorySegment buf = Arena.ofAuto().allocate(f.size());
                    f.readFully(buf, 0);
                    return new String(buf.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
            }).join();
            check(content.equals(read), "the file read back differs (" + read.length() + " chars)");

            String http = HttpServerExample.run();
            check(http.startsWith("HTTP/1.1 200 OK\r\n") && http.endsWith("\r\n\r\nhello consumer"),
                    "the HTTP server answered " + http);

            System.out.println("OK: echoed " + echoed + " bytes over " + server.localAddress() + ", read "
                    + read.length() + " bytes with AsyncFile, served one HTTP request; backend " + rt.backendName()
                    + ", carriers " + rt.carrierMode() + ", " + rt.workers() + " workers");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("consumer check failed: " + what);
        }
    }
}
