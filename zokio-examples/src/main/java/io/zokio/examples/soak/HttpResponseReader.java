package io.zokio.examples.soak;

import io.zokio.net.TcpStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * <b>Threading:</b> one task at a time (the connection's owner).
 *
 * <p>Reads HTTP/1.1 responses from one keep-alive connection: the head up to the blank line, then exactly
 * {@code Content-Length} body bytes. Just what the soak's checks need; not a general client.
 */
final class HttpResponseReader {
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);
    private final TcpStream stream;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
    int status;
    long contentLength;
    boolean close;

    HttpResponseReader(TcpStream stream) {
        this.stream = stream;
        buf.flip(); // empty, in read mode
    }

    /** Reads one head; sets {@link #status}, {@link #contentLength} and {@link #close}. */
    void readHead() throws IOException {
        int end;
        while ((end = headEnd()) < 0) {
            fill();
        }
        byte[] head = new byte[end - buf.position()];
        buf.get(head);
        String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
            throw new IOException("bad status line: " + lines[0]);
        }
        status = Integer.parseInt(statusLine[1]);
        contentLength = -1;
        close = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (contentLength < 0) {
            throw new IOException("response without Content-Length: " + lines[0]);
        }
    }

    /** Reads {@code n} body bytes into {@code dst} (or skips them when {@code dst} is null). */
    void readBody(byte[] dst, int n) throws IOException {
        int done = 0;
        while (done < n) {
            if (!buf.hasRemaining()) {
                fill();
            }
            int k = Math.min(n - done, buf.remaining());
            if (dst != null) {
                buf.get(dst, done, k);
            } else {
                buf.position(buf.position() + k);
            }
            done += k;
        }
    }

    /** The index just past the head's blank line in the buffered bytes, or -1. */
    private int headEnd() {
        for (int i = buf.position(); i + 3 < buf.limit(); i++) {
            if (buf.get(i) == '\r' && buf.get(i + 1) == '\n' && buf.get(i + 2) == '\r' && buf.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private void fill() throws IOException {
        buf.compact();
        if (!buf.hasRemaining()) {
            throw new IOException("response head larger than " + buf.capacity() + " bytes");
        }
        int n = stream.read(buf, IO_TIMEOUT);
        buf.flip();
        if (n < 0) {
            throw new EOFException("the server closed the connection mid-response");
        }
    }
}
