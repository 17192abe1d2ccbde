package io.zokio.http;

import io.zokio.http.wire.HeaderFields;
import io.zokio.http.wire.StatusLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A response to send: status, header fields, and one body: none, bytes, a streaming {@link BodyWriter}, or a
 * region of a file. The server adds {@code Date}, {@code Server}, {@code Content-Length} or
 * {@code Transfer-Encoding}, and {@code Connection} when it closes; a handler may not set the framing fields
 * itself. A handler may set {@code Connection: close} to close the connection after the response.
 *
 * <p><b>Threading:</b> a mutable builder for one response, confined to the thread that makes it.
 */
public final class HttpResponse {
    /** How a response's body is given. */
    public enum BodyKind {
        /** No body ({@code Content-Length: 0}, except for 1xx, 204 and 304). */
        NONE,
        /** The bytes of {@link #bodyBytes()}. */
        BYTES,
        /** Written by {@link #bodyWriter()}, chunked. */
        STREAM,
        /** Bytes of {@link #file()}: zero-copy on plain connections. */
        FILE
    }

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JSON = "application/json";

    private final int status;
    private final BodyKind kind;
    private String contentType;
    private byte[] bytes;
    private BodyWriter writer;
    private Path file;
    private long fileOffset;
    private long fileLength;
    private static final String[] NONE = {};
    private String[] names = NONE;
    private String[] values = NONE;
    private int count;
    private boolean close;

    private HttpResponse(int status, BodyKind kind) {
        StatusLines.line(status); // checks the range
        this.status = status;
        this.kind = kind;
    }

    /** A response with status {@code status} and no body. @throws IllegalArgumentException outside 100..599 */
    public static HttpResponse of(int status) {
        return new HttpResponse(status, BodyKind.NONE);
    }

    /** {@code 200 OK} with {@code text} as a UTF-8 {@code text/plain} body. */
    public static HttpResponse text(String text) {
        return text(200, text);
    }

    /** {@code text} as a UTF-8 {@code text/plain} body with status {@code status}. */
    public static HttpResponse text(int status, String text) {
        return bytes(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code 200 OK} with already serialized JSON as an {@code application/json} body. */
    public static HttpResponse json(byte[] json) {
        return bytes(200, JSON, json);
    }

    /** A body of {@code body} (not copied: do not change it afterwards) with the given content type. */
    public static HttpResponse bytes(int status, String contentType, byte[] body) {
        HttpResponse r = new HttpResponse(status, BodyKind.BYTES);
        r.bytes = Objects.requireNonNull(body, "body");
        return r.contentType(contentType);
    }

    /** A streaming body, sent with chunked transfer coding, produced by {@code writer} on the connection. */
    public static HttpResponse stream(int status, String contentType, BodyWriter writer) {
        HttpResponse r = new HttpResponse(status, BodyKind.STREAM);
        r.writer = Objects.requireNonNull(writer, "writer");
        return r.contentType(contentType);
    }

    /**
     * The whole of {@code file}, opened when the response is sent (404 then if it is gone or not a regular
     * file). Sent zero-copy on plain connections.
     */
    public static HttpResponse file(Path file, String contentType) {
        return file(200, file, contentType, 0, -1);
    }

    /**
     * Bytes {@code [offset, offset + length)} of {@code file} ({@code length} -1: to its end), with status
     * {@code status} (206 for a range).
     */
    public static HttpResponse file(int status, Path file, String contentType, long offset, long length) {
        if (offset < 0 || length < -1) {
            throw new IllegalArgumentException("bad file region: offset " + offset + ", length " + length);
        }
        HttpResponse r = new HttpResponse(status, BodyKind.FILE);
        r.file = file.toAbsolutePath();
        r.fileOffset = offset;
        r.fileLength = length;
        return r.contentType(contentType);
    }

    /** Sets the {@code Content-Type} (null: none). */
    public HttpResponse contentType(String type) {
        if (type != null && !HeaderFields.isValue(type)) {
            throw new IllegalArgumentException("invalid Content-Type value");
        }
        this.contentType = type;
        return this;
    }

    /**
     * Adds a header field.
     *
     * @throws IllegalArgumentException when the name is not a token or the value has control characters, or
     *         for the fields the server owns ({@code Content-Length}, {@code Transfer-Encoding}, {@code Date})
     */
    public HttpResponse header(String name, String value) {
        if (!HeaderFields.isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + name);
        }
        if (!HeaderFields.isValue(value)) {
            throw new IllegalArgumentException("invalid value for header " + name);
        }
        if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                || name.equalsIgnoreCase("date")) {
            throw new IllegalArgumentException(name + " is set by the server");
        }
        if (name.equalsIgnoreCase("content-type")) {
            return contentType(value);
        }
        if (name.equalsIgnoreCase("connection")) {
            close |= value.toLowerCase(java.util.Locale.ROOT).contains("close");
            return this; // the server writes Connection itself
        }
        if (count == names.length) {
            names = Arrays.copyOf(names, Math.max(4, count * 2));
            values = Arrays.copyOf(values, names.length);
        }
        names[count] = name;
        values[count++] = value;
        return this;
    }

    public int status() {
        return status;
    }

    public BodyKind bodyKind() {
        return kind;
    }

    /** The Content-Type, or null. */
    public String contentType() {
        return contentType;
    }

    /** Number of header fields added with {@link #header}. */
    public int headerCount() {
        return count;
    }

    public String headerName(int i) {
        Objects.checkIndex(i, count);
        return names[i];
    }

    public String headerValue(int i) {
        Objects.checkIndex(i, count);
        return values[i];
    }

    /** Whether the connection closes after this response (the handler set {@code Connection: close}). */
    public boolean closesConnection() {
        return close;
    }

    /** The body of a {@link BodyKind#BYTES} response, else null. */
    public byte[] bodyBytes() {
        return bytes;
    }

    /** The writer of a {@link BodyKind#STREAM} response, else null. */
    public BodyWriter bodyWriter() {
        return writer;
    }

    /** The file of a {@link BodyKind#FILE} response (absolute), else null. */
    public Path file() {
        return file;
    }

    public long fileOffset() {
        return fileOffset;
    }

    /** Bytes of the file to send; -1: to its end. */
    public long fileLength() {
        return fileLength;
    }
}
