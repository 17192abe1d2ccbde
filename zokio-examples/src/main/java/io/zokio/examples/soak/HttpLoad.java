package io.zokio.examples.soak;

import io.zokio.examples.http.HttpFileServer;
import io.zokio.loop.BackendKind;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * <b>Threading:</b> as {@link Load}.
 *
 * <p>HTTP traffic against the example file server: keep-alive GETs of a 4 KiB and a 1 MiB file (bodies sent by
 * the server with sendfile or splice), HEADs, Range requests of random slices, and now and then a path escape
 * ({@code /../}) that must be refused with a 4xx. Every body is compared with the file's bytes.
 */
final class HttpLoad extends Load {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);
    private static final int RECONNECT_EVERY = 500;
    private final BackendKind backend;
    private final int connections;
    private final Path root;
    private final long seed;
    private final byte[][] files = new byte[2][];
    private final String[] names = {"/small.bin", "/large.bin"};
    private HttpFileServer server;

    HttpLoad(SoakErrors errors, BackendKind backend, int connections, Path dir, long seed) {
        super("http", errors);
        this.backend = backend;
        this.connections = connections;
        this.root = dir;
        this.seed = seed;
    }

    @Override
    void start(Runtime rt) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        files[0] = new byte[4096];
        files[1] = new byte[1 << 20];
        for (int f = 0; f < files.length; f++) {
            random.nextBytes(files[f]);
            Files.write(root.resolve(names[f].substring(1)), files[f]);
        }
        server = HttpFileServer.start(root, "127.0.0.1", 0, backend, 1);
        InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.port());
        for (int i = 0; i < connections; i++) {
            client(rt, addr, seed + 1 + i);
        }
    }

    private void client(Runtime rt, InetSocketAddress addr, long clientSeed) {
        SplittableRandom random = new SplittableRandom(clientSeed);
        byte[] body = new byte[1 << 20];
        ByteBuffer request = ByteBuffer.allocateDirect(512);
        TcpStream[] stream = new TcpStream[1];
        HttpResponseReader[] reader = new HttpResponseReader[1];
        int[] count = new int[1];
        loop(rt, "http client", () -> {
            if (stream[0] == null) {
                stream[0] = TcpStream.connect(rt, addr, IO_TIMEOUT);
                reader[0] = new HttpResponseReader(stream[0]);
            }
            boolean drop = true; // on a failure or a server-side close the next round connects again
            try {
                drop = exchange(random, request, reader[0], stream[0], body)
                        || ++count[0] % RECONNECT_EVERY == 0 || stopping();
            } finally {
                if (drop) {
                    stream[0].close();
                    stream[0] = null;
                }
            }
        });
    }

    /** One request and its checked response; returns true when the connection must be closed. */
    private boolean exchange(SplittableRandom random, ByteBuffer request, HttpResponseReader reader,
            TcpStream stream, byte[] body) throws Exception {
        int kind = random.nextInt(100);
        int f = random.nextInt(2);
        byte[] file = files[f];
        String head;
        long first = 0;
        long length = file.length;
        int expectStatus;
        if (kind < 2) {
            head = "GET /../" + root.getFileName() + names[f] + " HTTP/1.1\r\nHost: soak\r\n\r\n";
            expectStatus = 400;
        } else if (kind < 12) {
            head = "HEAD " + names[f] + " HTTP/1.1\r\nHost: soak\r\n\r\n";
            expectStatus = 200;
        } else if (kind < 40) {
            first = random.nextInt(file.length);
            length = 1 + random.nextInt(file.length - (int) first);
            head = "GET " + names[f] + " HTTP/1.1\r\nHost: soak\r\nRange: bytes=" + first + "-"
                    + (first + length - 1) + "\r\n\r\n";
            expectStatus = 206;
        } else {
            head = "GET " + names[f] + " HTTP/1.1\r\nHost: soak\r\n\r\n";
            expectStatus = 200;
        }
        request.clear().put(head.getBytes(StandardCharsets.ISO_8859_1)).flip();
        stream.writeAll(request);
        reader.readHead();
        if (reader.status != expectStatus) {
            errors.record(name, "status " + reader.status + " for " + head.lines().findFirst().orElse(""));
            return true;
        }
        if (expectStatus >= 400) {
            reader.readBody(null, (int) reader.contentLength);
            progress(1);
            return true;
        }
        if (reader.contentLength != length) {
            errors.record(name, "Content-Length " + reader.contentLength + ", expected " + length);
            return true;
        }
        if (!head.startsWith("HEAD")) {
            reader.readBody(body, (int) length);
            if (!Arrays.equals(body, 0, (int) length, file, (int) first, (int) (first + length))) {
                errors.record(name, "body differs from the file for " + head.lines().findFirst().orElse(""));
            }
        }
        progress(1);
        return reader.close;
    }

    @Override
    void close() throws Exception {
        if (server != null) {
            server.close();
        }
    }
}
