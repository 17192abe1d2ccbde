package io.zokio.http.server;

/**
 * <b>Threading:</b> every method may be called from any thread (the drain and the deadline sweeper call them).
 *
 * <p>What {@link ServerCore} needs of a connection, however it is served (its own virtual thread, or its event
 * loop): closing it when idle or past its deadline, and closing it whatever it does.
 */
interface Served {
    /** Closes the socket when the connection waits for a next request; returns whether it did. */
    boolean closeIfIdle();

    /** Closes the socket when the pending read or write is past its deadline at {@code now}. */
    void closeIfExpired(long now);

    /** Closes the socket whatever the connection is doing. */
    void forceClose();
}
