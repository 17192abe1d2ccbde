package io.zokio.examples.http;

import io.zokio.net.TcpStream;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * <b>Threading:</b> one connection's virtual thread.
 *
 * <p>What a connection reads requests from and writes responses to: a plain {@link TcpStream} (file bodies go
 * zero-copy) or a {@link TlsStream} (bodies must pass through the engine to be encrypted, so they are read into
 * memory and written).
 */
sealed interface HttpWire {
    int read(ByteBuffer dst, Duration timeout) throws IOException;

    void writeAll(MemorySegment src) throws IOException;

    /** The socket's owner, on whose loop file operations run. */
    TcpStream tcp();

    /** Whether {@link TcpStream#sendFile} may carry bodies (only without TLS). */
    boolean zeroCopy();

    record Plain(TcpStream tcp) implements HttpWire {
        @Override
        public int read(ByteBuffer dst, Duration timeout) throws IOException {
            return tcp.read(dst, timeout);
        }

        @Override
        public void writeAll(MemorySegment src) throws IOException {
            tcp.writeAll(src);
        }

        @Override
        public boolean zeroCopy() {
            return true;
        }
    }

    record Tls(TlsStream tls) implements HttpWire {
        @Override
        public int read(ByteBuffer dst, Duration timeout) throws IOException {
            return tls.read(dst, timeout);
        }

        @Override
        public void writeAll(MemorySegment src) throws IOException {
            tls.writeAll(src);
        }

        @Override
        public TcpStream tcp() {
            return tls.tcp();
        }

        @Override
        public boolean zeroCopy() {
            return false;
        }
    }
}
