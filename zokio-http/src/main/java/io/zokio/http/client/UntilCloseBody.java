package io.zokio.http.client;

import java.io.IOException;

/** A body without length that ends when the server closes the connection (never reused afterwards). */
final class UntilCloseBody extends BodyStream {
    UntilCloseBody(Connection c, Deadline deadline) {
        super(c, deadline, false);
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        return in().read(b, off, len, deadline);
    }
}
