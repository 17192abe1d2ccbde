package io.zokio.http.client;

import io.zokio.net.ConnectionPool;
import io.zokio.net.TcpStream;

/**
 * One leased connection for one exchange. It ends exactly once: {@link #release()} gives it back to the pool
 * (which still closes it when an operation on it timed out, failed or was interrupted, or the releasing thread
 * is interrupted), {@link #discard()} closes it.
 */
final class Connection {
    private final ConnectionSource source;
    private final ConnectionPool.Lease lease;
    private final TcpStream tcp;
    private final Link link;
    private final boolean reused;
    private boolean ended;

    Connection(ConnectionSource source, ConnectionPool.Lease lease, Link link, boolean reused) {
        this.source = source;
        this.lease = lease;
        this.tcp = lease.stream();
        this.link = link;
        this.reused = reused;
    }

    Transport transport() {
        return link.transport();
    }

    WireReader reader() {
        return link.reader();
    }

    /** Whether the connection served an earlier exchange (and may have been closed by the server since). */
    boolean reused() {
        return reused;
    }

    /** The exchange ended cleanly: back to the pool, unless bytes beyond the response are buffered. */
    void release() {
        if (ended) {
            return;
        }
        if (link.reader().buffered() > 0) {
            discard();
            return;
        }
        ended = true;
        lease.close();
        if (!tcp.isOpen()) {
            source.forget(tcp); // the pool closed it instead (interrupted thread, aborted operation)
        }
    }

    /** The exchange failed or was abandoned: the connection is closed, never reused. */
    void discard() {
        if (ended) {
            return;
        }
        ended = true;
        lease.discard();
        source.forget(tcp);
    }
}
