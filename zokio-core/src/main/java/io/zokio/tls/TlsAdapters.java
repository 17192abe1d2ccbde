package io.zokio.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * <b>Threading:</b> as the {@link TlsStream} underneath: one reader and one writer at a time, blocking
 * (virtual threads park).
 *
 * <p>{@link InputStream} and {@link OutputStream} views of a {@link TlsStream}, for {@code java.io} code. A
 * read decrypts straight into the caller's array when a whole record fits; the end of stream (-1) is the
 * peer's close_notify, and a connection closed without one throws {@link TlsTruncationException}.
 */
final class TlsAdapters {
    private TlsAdapters() {
    }

    static final class In extends InputStream {
        private final TlsStream stream;
        private final byte[] one = new byte[1];

        In(TlsStream stream) {
            this.stream = stream;
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            return stream.read(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    static final class Out extends OutputStream {
        private final TlsStream stream;
        private final byte[] one = new byte[1];

        Out(TlsStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            write(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            stream.writeAll(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
