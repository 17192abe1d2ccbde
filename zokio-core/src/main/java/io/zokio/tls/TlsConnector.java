package io.zokio.tls;

import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLEngine;

/**
 * <b>Threading:</b> stateless; {@link #connect} blocks (parks a virtual thread).
 *
 * <p>Opening a {@link TlsStream}: over a TCP stream it now owns (closing that stream when the TLS stream cannot
 * be made), or by connecting and handshaking (closing the connection when either fails).
 */
final class TlsConnector {
    private TlsConnector() {
    }

    static TlsStream connect(Runtime rt, InetSocketAddress address, TlsConfig config, Duration timeout)
            throws IOException {
        Objects.requireNonNull(config, "config");
        TcpStream tcp = TcpStream.connect(rt, address, timeout);
        TlsStream s = open(rt, tcp, config.newEngine(true, address.getHostString(), address.getPort()), true,
                config.handshakeTasks());
        try {
            s.handshake(timeout);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close(); // the handshake did not finish: no close_notify, the TCP stream and buffers go
            throw e;
        }
    }

    static TlsStream open(Runtime rt, TcpStream tcp, SSLEngine engine, boolean client,
            TlsConfig.HandshakeTasks tasks) {
        Objects.requireNonNull(rt, "rt");
        Objects.requireNonNull(tcp, "tcp");
        try {
            return new TlsStream(rt, tcp, engine, client, tasks);
        } catch (RuntimeException e) { // e.g. the runtime's buffer pool is closed
            try {
                tcp.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
