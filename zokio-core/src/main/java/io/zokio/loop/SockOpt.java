package io.zokio.loop;

/** Socket options settable through {@link EventLoop#setSocketOption}. Values are ints (booleans as 0/1). */
public enum SockOpt {
    TCP_NODELAY,
    SO_KEEPALIVE,
    SO_RCVBUF,
    SO_SNDBUF,
    SO_REUSEADDR,
    SO_REUSEPORT,
    /** Linger seconds; a negative value turns lingering off. */
    SO_LINGER
}
