package io.zokio.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.Objects;

/**
 * <b>Threading:</b> as the channel underneath: one reader and one writer at a time, blocking (virtual threads
 * park).
 *
 * <p>{@link InputStream} and {@link OutputStream} views of a blocking Zokio {@link ByteChannel} ({@link TcpStream},
 * {@code io.zokio.tls.TlsStream}), so that libraries written for {@code java.io} run on Zokio sockets. Unlike
 * {@link java.nio.channels.Channels}' views they take no lock; they wrap the caller's array without copying it
 * into a new object per call beyond one heap {@link ByteBuffer} wrapper (the stream stages heap data natively
 * anyway). Closing either view closes the channel. Use them through {@code inputStream()} and
 * {@code outputStream()} of the stream.
 */
public final class ChannelStreams {
    private ChannelStreams() {
    }

    /** A view reading {@code channel}: -1 at end of stream. */
    public static InputStream input(ByteChannel channel) {
        return new In(Objects.requireNonNull(channel, "channel"));
    }

    /** A view writing {@code channel}: each write returns once every byte was handed over. */
    public static OutputStream output(ByteChannel channel) {
        return new Out(Objects.requireNonNull(channel, "channel"));
    }

    private static final class In extends InputStream {
        private final ByteChannel stream;
        private final byte[] one = new byte[1];

        In(ByteChannel stream) {
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

    private static final class Out extends OutputStream {
        private final ByteChannel stream;
        private final byte[] one = new byte[1];

        Out(ByteChannel stream) {
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
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                stream.write(buf);
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
