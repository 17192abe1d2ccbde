package io.zokio.loop;

/**
 * Flags of {@link Completion#prepSplice} ({@link Op#SPLICE}). Names and values are Linux's, defined in
 * {@code splice(2)}.
 */
public final class SpliceFlags {
    /** Move pages instead of copying them (a hint; Linux ignores it). */
    public static final int SPLICE_F_MOVE = 0x01;
    /** Do not block on the pipe. */
    public static final int SPLICE_F_NONBLOCK = 0x02;
    /** More data will follow (a hint for sockets). */
    public static final int SPLICE_F_MORE = 0x04;
    /** Unused for splice; accepted for {@code vmsplice(2)}'s sake. */
    public static final int SPLICE_F_GIFT = 0x08;

    private SpliceFlags() {
    }
}
