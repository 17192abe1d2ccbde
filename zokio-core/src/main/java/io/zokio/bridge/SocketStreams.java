package io.zokio.bridge;

import io.zokio.net.SocketStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The input and output streams of a {@link ZokioSocket}. A read or write wraps the caller's array in a
 * {@link ByteBuffer} once per array (libraries reuse one buffer array, so steady state allocates nothing) and
 * goes through the socket's {@link SocketStream}; errors become the JDK socket's exceptions.
 *
 * <p><b>Threading:</b> each stream is for one thread at a time; the two streams are independent.
 */
final class SocketStreams {
    private SocketStreams() {
    }

    /** Reads honour the socket's {@code SO_TIMEOUT}; -1 at end of stream or after {@code shutdownInput}. */
    static final class Input extends InputStream {
        private final ZokioSocket socket;
        private final SocketStream stream;
        private byte[] wrappedArray;
        private ByteBuffer wrapped;
        private final byte[] one = new byte[1];

        Input(ZokioSocket socket, SocketStream stream) {
            this.socket = socket;
            this.stream = stream;
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (socket.isClosed()) {
                throw new SocketException("Socket closed");
            }
            if (socket.inputShut()) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            ByteBuffer buf = wrap(b, off, len);
            try {
                return stream.read(buf, socket.readTimeout());
            } catch (IOException e) {
                if (socket.inputShut()) {
                    return -1;
                }
                throw Connects.socketException(e);
            }
        }

        /** 0: what the kernel buffers is not known here without a system call. */
        @Override
        public int available() throws IOException {
            if (socket.isClosed()) {
                throw new SocketException("Socket closed");
            }
            return 0;
        }

        /** Closes the socket, as closing a JDK socket's stream does. */
        @Override
        public void close() throws IOException {
            socket.close();
        }

        private ByteBuffer wrap(byte[] b, int off, int len) {
            if (b != wrappedArray) {
                wrappedArray = b;
                wrapped = ByteBuffer.wrap(b);
            }
            return wrapped.limit(off + len).position(off);
        }
    }

    /** Writes block until every byte is handed to the kernel; they throw after {@code shutdownOutput}. */
    static final class Output extends OutputStream {
        private final ZokioSocket socket;
        private final SocketStream stream;
        private byte[] wrappedArray;
        private ByteBuffer wrapped;
        private final byte[] one = new byte[1];

        Output(ZokioSocket socket, SocketStream stream) {
            this.socket = socket;
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
            if (socket.isClosed()) {
                throw new SocketException("Socket closed");
            }
            if (socket.outputShut()) {
                throw new SocketException("Socket output is shutdown");
            }
            if (len == 0) {
                return;
            }
            ByteBuffer buf;
            if (b != wrappedArray) {
                wrappedArray = b;
                wrapped = ByteBuffer.wrap(b);
            }
            buf = wrapped.limit(off + len).position(off);
            try {
                while (buf.hasRemaining()) {
                    stream.write(buf, null);
                }
            } catch (IOException e) {
                throw Connects.socketException(e);
            }
        }

        /** Closes the socket, as closing a JDK socket's stream does. */
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
