package io.zokio.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server whose connections follow a test's script, for responses no real server sends: each
 * accepted connection runs {@link Script#run} on its own thread with the connection's index (0, 1, ...).
 */
final class ScriptServer implements AutoCloseable {
    /** What one connection does. */
    @FunctionalInterface
    interface Script {
        void run(int index, Conn conn) throws Exception;
    }

    /** One accepted connection with request reading and raw writing helpers. */
    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(20_000);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads one request (head and Content-Length body); null when the client closed first. */
        Request request() throws IOException {
            String line = ClientTests.line(in);
            if (line == null) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = ClientTests.line(in); h != null && !h.isEmpty(); h = ClientTests.line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
            }
            byte[] body = new byte[0];
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            }
            return new Request(line, headers, new String(body, StandardCharsets.UTF_8));
        }

        /** Reads one request head only (leaving any body unread); its request line, or null at end of stream. */
        String head() throws IOException {
            String line = ClientTests.line(in);
            for (String h = line; h != null && !h.isEmpty(); h = ClientTests.line(in)) {
                // fields skipped
            }
            return line;
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    record Request(String line, Map<String, String> headers, String body) {
        String path() {
            return line.split(" ")[1];
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    ScriptServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("script-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    int index = accepted.getAndIncrement();
                    Thread.ofPlatform().daemon().name("script-" + index).start(() -> {
                        try (s) {
                            script.run(index, new Conn(s));
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    /** Connections accepted so far. */
    int connections() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
