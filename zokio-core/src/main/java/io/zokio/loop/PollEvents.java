package io.zokio.loop;

/**
 * Event bits of {@link Op#POLL}: the {@code events} argument of {@link Completion#prepPoll} and the ready mask
 * it completes with. Names and values are Linux's, defined in {@code poll(2)}. Both backends understand them.
 */
public final class PollEvents {
    /** There is data to read (or a connection to accept). */
    public static final int POLLIN = 0x001;
    /** There is an exceptional condition, such as TCP out-of-band data. */
    public static final int POLLPRI = 0x002;
    /** Writing is possible now. */
    public static final int POLLOUT = 0x004;
    /** An error condition; reported whether requested or not. */
    public static final int POLLERR = 0x008;
    /** Hang up; reported whether requested or not. */
    public static final int POLLHUP = 0x010;
    /** The peer closed its side or shut down writing (stream sockets). */
    public static final int POLLRDHUP = 0x2000;

    private PollEvents() {
    }
}
