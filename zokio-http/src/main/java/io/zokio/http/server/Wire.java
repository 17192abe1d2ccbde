package io.zokio.http.server;

import io.zokio.net.TcpStream;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * <b>Threading:</b> one connection's virtual thread.
 *
 * <p>The byte stream a connection speaks HTTP over: a plain {@link TcpStream} (file bodies go zero-copy) or a
 * {@link TlsStream} (every byte passes through the engine).
 */
sealed interface Wire {
    int read(ByteBuffer dst, Duration timeout) throws IOException;

    void writeAll(ByteBuffer src) throws IOException;

    void writeAll(MemorySegment src) throws IOException;

    /** The socket, on whose worker's loop file operations run. */
    TcpStream tcp();

    /** Whether {@link TcpStream#sendFile} may carry bodies (only without TLS). */
    boolean zeroCopy();

    /**
     * Starts writing all of {@code src} and returns at once; null when this wire writes only in blocking calls
     * (TLS). {@code src} must stay untouched until the future completes.
     */
    java.util.concurrent.CompletableFuture<Void> startWrite(ByteBuffer src) throws IOException;

    /** What {@link #startWrite} returns when every byte left at once. */
    java.util.concurrent.CompletableFuture<Void> WRITTEN = java.util.concurrent.CompletableFuture.completedFuture(null);

    void setWriteTimeout(Duration timeout);

    /** Closes the stream (for TLS: close_notify, then the socket). */
    void close() throws IOException;

    record Plain(TcpStream tcp) implements Wire {
        @Override
        public int read(ByteBuffer dst, Duration timeout) throws IOException {
            return tcp.read(dst, timeout);
        }

        @Override
        public void writeAll(ByteBuffer src) throws IOException {
            tcp.writeAll(src);
        }

        @Override
        public void writeAll(MemorySegment src) throws IOException {
            tcp.writeAll(src);
        }

        @Override
        public boolean zeroCopy() {
            return true;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> startWrite(ByteBuffer src) throws IOException {
            tcp.tryWrite(src); // with inline socket calls (io_uring, opt-in) usually all of it, else nothing
            return src.hasRemaining() ? tcp.writeAllAsync(src, null) : WRITTEN;
        }

        @Override
        public void setWriteTimeout(Duration timeout) {
            tcp.setWriteTimeout(timeout);
        }

        @Override
        public void close() throws IOException {
            tcp.close();
        }
    }

    record Tls(TlsStream tls) implements Wire {
        @Override
        public int read(ByteBuffer dst, Duration timeout) throws IOException {
            return tls.read(dst, timeout);
        }

        @Override
        public void writeAll(ByteBuffer src) throws IOException {
            tls.writeAll(src);
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

        @Override
        public java.util.concurrent.CompletableFuture<Void> startWrite(ByteBuffer src) {
            return null;
        }

        @Override
        public void setWriteTimeout(Duration timeout) {
            tls.setWriteTimeout(timeout);
        }

        @Override
        public void close() throws IOException {
            tls.close();
        }
    }
}
