package io.zokio.http.server;

import io.zokio.http.BodyTooLargeException;
import io.zokio.http.HttpRequest;
import io.zokio.http.wire.RequestHead;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * <b>Threading:</b> one connection's thread (its virtual thread, or the loop that owns it); one instance per
 * connection, reset for each request.
 *
 * <p>The {@link HttpRequest} the handlers see: a view of the connection's {@link RequestHead} and body (a
 * {@link BodyInput} reading from the socket, or the body held whole for a handler on the event loop), with the
 * path parameters a router bound. Strings are made when asked for.
 */
public final class ParsedRequest implements HttpRequest {
    private final RequestHead head;
    private final InputStream body;
    private final TcpStream tcp;
    private final Runtime runtime;
    private final FileIo files;
    private String path;
    private int pathFrom = -1;
    private int pathTo;
    private String[] paramNames;
    private String[] paramValues;

    ParsedRequest(RequestHead head, InputStream body, TcpStream tcp, Runtime runtime, FileIo files) {
        this.files = files;
        this.head = head;
        this.body = body;
        this.tcp = tcp;
        this.runtime = runtime;
    }

    void reset() {
        path = null;
        pathFrom = -1;
        paramNames = null;
        paramValues = null;
    }

    /** Binds path parameters (names and values in the same order); the router calls this before its handler. */
    public void bindPathParams(String[] names, String[] values) {
        this.paramNames = names;
        this.paramValues = values;
    }

    /** The runtime serving the connection (file handlers run their file operations on it). */
    public Runtime runtime() {
        return runtime;
    }

    /** The connection's file operations, on the loop of the worker that owns its socket. */
    public FileIo files() {
        return files;
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        if (path == null) {
            int from = pathFrom();
            path = from == pathTo ? "/" : new String(head.buffer(), from, pathTo - from, StandardCharsets.ISO_8859_1);
        }
        return path;
    }

    /** The buffer holding the request (see {@link #pathFrom()}); valid while the request is handled. */
    public byte[] buffer() {
        return head.buffer();
    }

    /** Where {@link #path()} starts in {@link #buffer()} (an empty range stands for {@code /}). */
    public int pathFrom() {
        if (pathFrom < 0) {
            byte[] b = head.buffer();
            int start = pathStart(b, head.targetStart(), head.targetEnd());
            int end = start;
            while (end < head.targetEnd() && b[end] != '?' && b[end] != '#') {
                end++;
            }
            pathFrom = start;
            pathTo = end;
        }
        return pathFrom;
    }

    /** Where {@link #path()} ends in {@link #buffer()}. */
    public int pathTo() {
        pathFrom();
        return pathTo;
    }

    /**
     * Where the path starts: the target itself in origin form ({@code /a?b}); after the authority in absolute form
     * ({@code http://host/a?b}, RFC 9112 section 3.2.2), where an empty path means {@code /}.
     */
    private static int pathStart(byte[] b, int from, int to) {
        if (b[from] == '/' || to - from < 8) {
            return from;
        }
        int i = from;
        while (i < to && b[i] != ':' && b[i] != '/') {
            i++;
        }
        if (i + 2 >= to || b[i] != ':' || b[i + 1] != '/' || b[i + 2] != '/') {
            return from; // asterisk or authority form: the target as it is
        }
        i += 3;
        while (i < to && b[i] != '/' && b[i] != '?' && b[i] != '#') {
            i++;
        }
        return i;
    }

    @Override
    public String query() {
        byte[] b = head.buffer();
        for (int i = head.targetStart(); i < head.targetEnd(); i++) {
            if (b[i] == '?') {
                int end = i + 1;
                while (end < head.targetEnd() && b[end] != '#') {
                    end++;
                }
                return new String(b, i + 1, end - i - 1, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public String version() {
        return head.http11() ? "HTTP/1.1" : "HTTP/1.0";
    }

    @Override
    public String header(String name) {
        return head.value(name);
    }

    @Override
    public List<String> headers(String name) {
        List<String> all = new ArrayList<>(2);
        for (int i = head.indexOf(name, 0); i >= 0; i = head.indexOf(name, i + 1)) {
            all.add(head.fieldValue(i));
        }
        return all;
    }

    @Override
    public int headerCount() {
        return head.fieldCount();
    }

    @Override
    public String headerName(int index) {
        java.util.Objects.checkIndex(index, head.fieldCount());
        return head.fieldName(index);
    }

    @Override
    public String headerValue(int index) {
        java.util.Objects.checkIndex(index, head.fieldCount());
        return head.fieldValue(index);
    }

    @Override
    public String pathParam(String name) {
        if (paramNames != null) {
            for (int i = 0; i < paramNames.length; i++) {
                if (name.equals(paramNames[i])) {
                    return paramValues[i];
                }
            }
        }
        return null;
    }

    @Override
    public long contentLength() {
        return head.chunked() ? -1 : head.contentLength();
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public byte[] bodyBytes() throws IOException {
        if (!head.chunked()) {
            long n = head.contentLength();
            if (n > Integer.MAX_VALUE - 16) {
                throw new BodyTooLargeException(Integer.MAX_VALUE - 16);
            }
            return body.readNBytes((int) n);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        body.transferTo(all);
        return all.toByteArray();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            return tcp.remoteAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
