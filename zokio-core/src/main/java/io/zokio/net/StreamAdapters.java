package io.zokio.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * <b>Threading:</b> as the {@link TcpStream} underneath: one reader and one writer at a time, blocking
 * (virtual threads park).
 *
 * <p>{@link InputStream} and {@link OutputStream} views of a {@link TcpStream}, so that libraries written
 * for {@code java.io} run on Zokio sockets. They wrap the caller's array without copying it into a new
 * object per call beyond one heap {@link ByteBuffer} wrapper (the stream stages heap data natively anyway).
 */
final class StreamAdapters {
    private StreamAdapters() {
    }

    static final class In extends InputStream {
        private final TcpStream stream;
        private final byte[] one = new byte[1];

        In(TcpStream stream) {
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
        private final TcpStream stream;
        private final byte[] one = new byte[1];

        Out(TcpStream stream) {
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
