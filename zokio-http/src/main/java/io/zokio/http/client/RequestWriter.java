package io.zokio.http.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Sends one request (RFC 9112 sections 3, 6 and 7): the request line with the origin-form target, {@code Host},
 * the caller's fields, the framing fields the body needs, then the body. A whole body goes with
 * {@code Content-Length} (in the same write as the head when small); a stream of known length likewise, copied;
 * a stream of unknown length in chunked transfer coding, one chunk per read of the stream.
 */
final class RequestWriter {
    /** Bodies up to this size share the head's write. */
    private static final int COALESCE = 16 * 1024;
    private static final int CHUNK = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RequestWriter() {
    }

    /** Sends the head and the body together (small whole bodies in one write). */
    static void write(Transport out, ClientRequest request, Origin origin, Deadline deadline) throws IOException {
        byte[] headBytes = head(request, origin);
        if (request.body() instanceof RequestBody.Bytes b && b.bytes().length <= COALESCE) {
            ByteBuffer all = ByteBuffer.allocate(headBytes.length + b.bytes().length);
            all.put(headBytes).put(b.bytes()).flip();
            send(out, all, deadline);
            return;
        }
        send(out, ByteBuffer.wrap(headBytes), deadline);
        writeBody(out, request, deadline);
    }

    /** Sends the head only (the body follows with {@link #writeBody}, after {@code 100 Continue}). */
    static void writeHead(Transport out, ClientRequest request, Origin origin, Deadline deadline)
            throws IOException {
        send(out, ByteBuffer.wrap(head(request, origin)), deadline);
    }

    /** Sends the body as the head announced it. */
    static void writeBody(Transport out, ClientRequest request, Deadline deadline) throws IOException {
        switch (request.body()) {
            case RequestBody.Bytes b -> send(out, ByteBuffer.wrap(b.bytes()), deadline);
            case RequestBody.Stream s when s.length() >= 0 -> copyLength(out, s.in(), s.length(), deadline);
            case RequestBody.Stream s -> copyChunked(out, s.in(), deadline);
            case RequestBody.None n -> {
            }
        }
    }

    private static byte[] head(ClientRequest request, Origin origin) {
        StringBuilder head = new StringBuilder(256);
        head.append(request.method()).append(' ').append(target(request.uri())).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(origin.hostField()).append("\r\n");
        ClientHeaders h = request.headers();
        for (int i = 0; i < h.size(); i++) {
            head.append(h.name(i)).append(": ").append(h.value(i)).append("\r\n");
        }
        switch (request.body()) {
            case RequestBody.Bytes b -> head.append("Content-Length: ").append(b.bytes().length).append("\r\n");
            case RequestBody.Stream s when s.length() >= 0 ->
                    head.append("Content-Length: ").append(s.length()).append("\r\n");
            case RequestBody.Stream s -> head.append("Transfer-Encoding: chunked\r\n");
            case RequestBody.None n -> {
                if (expectsContent(request.method())) {
                    head.append("Content-Length: 0\r\n");
                }
            }
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The origin-form target: the absolute path (at least "/") and the query, in their encoded form. */
    static String target(URI uri) {
        URI ascii = URI.create(uri.toASCIIString());
        String path = ascii.getRawPath();
        String query = ascii.getRawQuery();
        String p = path == null || path.isEmpty() ? "/" : path;
        return query == null ? p : p + "?" + query;
    }

    /** Methods whose requests announce an empty body rather than none (RFC 9110 section 8.6). */
    private static boolean expectsContent(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static void copyLength(Transport out, InputStream in, long length, Deadline deadline) throws IOException {
        byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("request body stream ended " + left + " bytes before its length " + length);
            }
            send(out, ByteBuffer.wrap(buf, 0, n), deadline);
            left -= n;
        }
    }

    private static void copyChunked(Transport out, InputStream in, Deadline deadline) throws IOException {
        byte[] buf = new byte[CHUNK + 16];
        int headRoom = 10; // hex size (at most 4 digits for CHUNK) and CRLF, written before the data
        while (true) {
            int n = in.read(buf, headRoom, CHUNK);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                continue;
            }
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int start = headRoom - size.length;
            System.arraycopy(size, 0, buf, start, size.length);
            System.arraycopy(CRLF, 0, buf, headRoom + n, 2);
            send(out, ByteBuffer.wrap(buf, start, size.length + n + 2), deadline);
        }
        send(out, ByteBuffer.wrap(LAST_CHUNK), deadline);
    }

    private static void send(Transport out, ByteBuffer src, Deadline deadline) throws IOException {
        try {
            out.write(src, deadline.remaining());
        } catch (SocketTimeoutException e) {
            throw deadline.translate(e);
        }
    }
}
