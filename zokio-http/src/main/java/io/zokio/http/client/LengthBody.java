package io.zokio.http.client;

import java.io.EOFException;
import java.io.IOException;

/** A body of {@code Content-Length} bytes; the connection is released as soon as the last byte is read. */
final class LengthBody extends BodyStream {
    private final long length;
    private long left;

    LengthBody(Connection c, Deadline deadline, boolean keepAlive, long length) {
        super(c, deadline, keepAlive);
        this.length = length;
        this.left = length;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
            return -1;
        }
        int n = in().read(b, off, (int) Math.min(len, left), deadline);
        if (n < 0) {
            throw new EOFException("connection closed after " + (length - left) + " of " + length + " body bytes");
        }
        left -= n;
        if (left == 0) {
            end();
        }
        return n;
    }
}
