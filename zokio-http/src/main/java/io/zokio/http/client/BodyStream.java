package io.zokio.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A response body as an {@link InputStream}, owning its connection until the body ends. At the body's end the
 * connection goes back to the pool when the framing allows keep-alive (else it is closed); a failure while
 * reading, or {@link #close()} before the end, closes it, so that no later exchange can read what is left of
 * this one. Subclasses decode one framing; they read through the connection's {@link WireReader} within the
 * exchange's {@link Deadline}.
 *
 * <p>Threading: one reader at a time; {@link #close()} from the reading thread (or after it stopped).
 */
abstract class BodyStream extends InputStream {
    private final Connection connection;
    private final boolean keepAlive;
    final Deadline deadline;
    private boolean ended;
    private boolean closed;

    BodyStream(Connection connection, Deadline deadline, boolean keepAlive) {
        this.connection = connection;
        this.deadline = deadline;
        this.keepAlive = keepAlive;
    }

    /** The body for {@code framing}; an empty one has already ended (and released its connection). */
    static BodyStream of(Framing framing, Connection c, Deadline deadline, int maxLineBytes) {
        BodyStream body = switch (framing.kind()) {
            case LENGTH -> new LengthBody(c, deadline, framing.keepAlive(), framing.length());
            case CHUNKED -> new ChunkedBody(c, deadline, framing.keepAlive(), maxLineBytes);
            case UNTIL_CLOSE -> new UntilCloseBody(c, deadline);
        };
        if (framing.kind() == Framing.Kind.LENGTH && framing.length() == 0) {
            body.end();
        }
        return body;
    }

    WireReader in() {
        return connection.reader();
    }

    /** Reads body bytes; -1 once the body ended (after which {@link #end()} has been called). */
    abstract int readBody(byte[] b, int off, int len) throws IOException;

    /** The body ended where its framing says: the connection is released (or closed without keep-alive). */
    final void end() {
        if (!ended) {
            ended = true;
            if (keepAlive) {
                connection.release();
            } else {
                connection.discard();
            }
        }
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("response body stream is closed");
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            int n = readBody(b, off, len);
            if (n < 0) {
                end();
            }
            return n;
        } catch (IOException | RuntimeException | Error e) {
            closed = true;
            connection.discard();
            throw e;
        }
    }

    /** Whether the whole body has been read. */
    final boolean ended() {
        return ended;
    }

    /** Ends the exchange: a body not read to its end closes the connection. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (!ended) {
                connection.discard();
            }
        }
    }
}
