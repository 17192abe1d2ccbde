package io.zokio.sys;

/** Socket options settable through the socket capability of a backend. Values are ints (booleans as 0/1). */
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
