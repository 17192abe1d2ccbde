package io.zokio.http.client;

import io.zokio.http.wire.ChunkSize;
import java.io.EOFException;
import java.io.IOException;

/**
 * A body in chunked transfer coding (RFC 9112 section 7.1): chunk-size lines (extensions ignored), chunk data
 * each followed by CRLF, the last chunk, then the trailer section, which is read and skipped (its fields are
 * not merged into the head). Lines and the trailer section are bounded by the client's head limit.
 */
final class ChunkedBody extends BodyStream {
    private final int maxLine;
    /** Data bytes left in the current chunk. */
    private long left;
    /** Whether the CRLF after a chunk's data is still to be read. */
    private boolean crlfDue;

    ChunkedBody(Connection c, Deadline deadline, boolean keepAlive, int maxLine) {
        super(c, deadline, keepAlive);
        this.maxLine = maxLine;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
            if (crlfDue) {
                expectCrlf();
                crlfDue = false;
            }
            long size = sizeLine();
            if (size == 0) {
                skipTrailers();
                return -1;
            }
            left = size;
        }
        int n = in().read(b, off, (int) Math.min(len, left), deadline);
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        left -= n;
        crlfDue = left == 0;
        return n;
    }

    private long sizeLine() throws IOException {
        WireReader in = in();
        int lf = in.lineEnd(maxLine, deadline, "chunk-size line");
        if (lf < 0) {
            throw new EOFException("connection closed before the end of the chunked body");
        }
        long size = ChunkSize.parse(in.buffer(), in.pos(), lf);
        if (size == ChunkSize.MALFORMED) {
            throw new MalformedResponseException("malformed chunk-size line");
        }
        in.skip(lf + 1 - in.pos());
        return size;
    }

    private void expectCrlf() throws IOException {
        WireReader in = in();
        int lf = in.lineEnd(2, deadline, "chunk data terminator");
        if (lf < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        if (lf != in.pos() + 1 || in.buffer()[in.pos()] != '\r') {
            throw new MalformedResponseException("chunk data not followed by CRLF");
        }
        in.skip(2);
    }

    private void skipTrailers() throws IOException {
        WireReader in = in();
        int total = 0;
        while (true) {
            int lf = in.lineEnd(maxLine - total, deadline, "trailer section");
            if (lf < 0) {
                throw new EOFException("connection closed inside the trailer section");
            }
            int length = lf + 1 - in.pos();
            boolean empty = length == 1 || (length == 2 && in.buffer()[in.pos()] == '\r');
            in.skip(length);
            if (empty) {
                return;
            }
            total += length;
        }
    }
}
