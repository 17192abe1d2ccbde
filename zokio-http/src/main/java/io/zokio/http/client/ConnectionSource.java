package io.zokio.http.client;

import io.zokio.net.ConnectionPool;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import io.zokio.tls.TlsStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections per origin: two {@link ConnectionPool}s (http and https, each keyed by unresolved host and
 * port) and, for every pooled TCP stream that served an exchange, its {@link Link}. A TCP stream the pool hands
 * out without a link is new: it gets TLS (handshake with the client's {@link TlsConfig}, so hostname
 * verification as configured) when the origin is https. Links of streams the pool closed on its own (idle
 * timeout, failed health check) are dropped, and their TLS state closed, on the next acquire.
 */
final class ConnectionSource implements AutoCloseable {
    private final Runtime runtime;
    private final ClientSettings settings;
    private final ConnectionPool plain;
    private final ConnectionPool secure;
    /** Identity keys: TcpStream does not override equals. */
    private final Map<TcpStream, Link> links = new ConcurrentHashMap<>();

    ConnectionSource(Runtime runtime, ClientSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
        this.plain = pool(runtime, settings);
        this.secure = pool(runtime, settings);
    }

    private static ConnectionPool pool(Runtime runtime, ClientSettings s) {
        return ConnectionPool.builder(runtime).maxPerAddress(s.maxConnectionsPerOrigin()).idleTimeout(s.idleTimeout())
                .connectTimeout(s.connectTimeout()).build();
    }

    /** A connection to {@code origin}: an idle healthy one, or a new one (TLS handshake done for https). */
    Connection acquire(Origin origin, Deadline deadline) throws IOException {
        sweep();
        ConnectionPool pool = origin.tls() ? secure : plain;
        ConnectionPool.Lease lease;
        try {
            lease = pool.lease(origin.address(), deadline.remaining());
        } catch (ConnectionPool.LeaseTimeoutException e) {
            if (deadline.bounded()) {
                RequestTimeoutException t = deadline.expired(null);
                t.initCause(e);
                throw t;
            }
            throw e;
        }
        TcpStream tcp = lease.stream();
        Link link = links.get(tcp);
        if (link != null) {
            return new Connection(this, lease, link, true);
        }
        Transport transport;
        if (origin.tls()) {
            TlsStream tls = TlsStream.client(runtime, tcp, settings.tls(), origin.host(), origin.port());
            try {
                tls.handshake(deadline.remainingOr(settings.connectTimeout()));
            } catch (SocketTimeoutException e) {
                lease.discard();
                new Transport.Tls(tls).closeQuietly();
                throw deadline.translate(e);
            } catch (IOException | RuntimeException e) {
                lease.discard();
                new Transport.Tls(tls).closeQuietly();
                throw e;
            }
            transport = new Transport.Tls(tls);
        } else {
            transport = new Transport.Plain(tcp);
        }
        link = new Link(transport, new WireReader(transport, settings.maxHeadBytes()));
        links.put(tcp, link);
        return new Connection(this, lease, link, false);
    }

    /** Drops what the client keeps of {@code tcp} (closed or being closed) and closes its TLS state. */
    void forget(TcpStream tcp) {
        Link link = links.remove(tcp);
        if (link != null) {
            link.transport().closeQuietly();
        }
    }

    private void sweep() {
        for (TcpStream tcp : links.keySet()) {
            if (!tcp.isOpen()) {
                forget(tcp);
            }
        }
    }

    /** Idle connections to {@code origin} (tests and diagnostics). */
    int idle(Origin origin) {
        return (origin.tls() ? secure : plain).idle(origin.address());
    }

    /** Closes idle connections; leased ones close when their exchanges end. */
    @Override
    public void close() {
        plain.close();
        secure.close();
        sweep();
    }
}
