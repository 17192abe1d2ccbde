package io.zokio.http.client;

import io.zokio.net.TcpStream;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** The byte stream of one connection: the TCP stream itself, or TLS over it. */
sealed interface Transport {
    /** Reads into {@code dst}; -1 at end of stream. {@code timeout} null: none. */
    int read(ByteBuffer dst, Duration timeout) throws IOException;

    /** Writes all of {@code src}, each wait bounded by {@code timeout} (null: none). */
    void write(ByteBuffer src, Duration timeout) throws IOException;

    /** Closes the connection, ignoring failures. */
    void closeQuietly();

    /** Plain TCP. */
    record Plain(TcpStream tcp) implements Transport {
        @Override
        public int read(ByteBuffer dst, Duration timeout) throws IOException {
            return tcp.read(dst, timeout);
        }

        @Override
        public void write(ByteBuffer src, Duration timeout) throws IOException {
            while (src.hasRemaining()) {
                tcp.write(src, timeout);
            }
        }

        @Override
        public void closeQuietly() {
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing what failed or is discarded
            }
        }
    }

    /** TLS over the pooled TCP stream. */
    record Tls(TlsStream tls) implements Transport {
        @Override
        public int read(ByteBuffer dst, Duration timeout) throws IOException {
            return tls.read(dst, timeout);
        }

        @Override
        public void write(ByteBuffer src, Duration timeout) throws IOException {
            while (src.hasRemaining()) {
                tls.write(src, timeout);
            }
        }

        @Override
        public void closeQuietly() {
            try {
                tls.close();
            } catch (IOException ignored) {
                // closing what failed or is discarded
            }
        }
    }
}
