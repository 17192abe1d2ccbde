package io.zokio.loop;

/**
 * The {@code how} argument of {@link Completion#prepShutdown} ({@link Op#SHUTDOWN}). Names and values are
 * Linux's, defined in {@code shutdown(2)}.
 */
public final class ShutdownHow {
    /** Further receptions are disallowed: reads see end of stream. */
    public static final int SHUT_RD = 0;
    /** Further transmissions are disallowed: the peer sees end of stream. */
    public static final int SHUT_WR = 1;
    /** Both {@link #SHUT_RD} and {@link #SHUT_WR}. */
    public static final int SHUT_RDWR = 2;

    private ShutdownHow() {
    }
}
