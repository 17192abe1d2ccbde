package io.zokio.testkit.sim;

import io.zokio.loop.PollEvents;
import io.zokio.sys.SockOpt;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.EnumMap;

/**
 * One simulated TCP socket: unconnected, listening, one end of a connection, or closed. Not thread-safe (loop
 * thread only); all fields are {@link SimNet}'s.
 *
 * <p>A connection is two sockets, each reading its own {@link #in} and writing its {@link #peer}'s. Every state
 * change of a socket (bytes arrived or were read, shutdown, close, a queued connection) retries the operations
 * in its {@link #waiters}, in the order they parked.
 */
final class SimSocket {
    enum Kind { UNCONNECTED, LISTENER, CONNECTED, CLOSED }

    Kind kind;
    final boolean ipv6;
    InetSocketAddress local;
    InetSocketAddress remote;
    final EnumMap<SockOpt, Integer> options = new EnumMap<>(SockOpt.class);
    /** Operations that would block on this socket, oldest first. */
    final ArrayDeque<SimOp> waiters = new ArrayDeque<>();

    // ---- CONNECTED ----
    SimSocket peer;
    ByteRing in;
    /** SHUT_RD: reads see end of stream. */
    boolean rdShut;
    /** SHUT_WR: our sends fail EPIPE, the peer sees end of stream. */
    boolean wrShut;
    /** The peer closed: our sends fail EPIPE (those waiting at that moment ECONNRESET). */
    boolean peerClosed;
    /** The connection was reset (RST): every operation fails ECONNRESET. */
    boolean reset;

    // ---- LISTENER ----
    int backlog;
    /** Connections made and not yet accepted (their server ends). */
    ArrayDeque<SimSocket> acceptQueue;

    SimSocket(Kind kind, boolean ipv6) {
        this.kind = kind;
        this.ipv6 = ipv6;
    }

    /** The {@code poll(2)} mask this socket shows now. */
    int readiness() {
        return switch (kind) {
            case UNCONNECTED -> PollEvents.POLLOUT | PollEvents.POLLHUP; // as Linux for a never-connected socket
            case LISTENER -> acceptQueue.isEmpty() ? 0 : PollEvents.POLLIN;
            case CLOSED -> PollEvents.POLLHUP;
            case CONNECTED -> connectedReadiness();
        };
    }

    private int connectedReadiness() {
        if (reset) {
            return PollEvents.POLLIN | PollEvents.POLLOUT | PollEvents.POLLERR | PollEvents.POLLHUP
                    | PollEvents.POLLRDHUP;
        }
        int m = 0;
        if (in.size() > 0 || in.eof || rdShut) {
            m |= PollEvents.POLLIN;
        }
        if (in.eof) {
            m |= PollEvents.POLLRDHUP;
        }
        if (wrShut || peerClosed || peer.in.space() > 0) {
            m |= PollEvents.POLLOUT;
        }
        if (in.eof && wrShut) { // both directions shut, as Linux's SHUTDOWN_MASK
            m |= PollEvents.POLLHUP;
        }
        return m;
    }

    @Override
    public String toString() {
        return "SimSocket[" + kind + ", local=" + local + ", remote=" + remote + "]";
    }
}
