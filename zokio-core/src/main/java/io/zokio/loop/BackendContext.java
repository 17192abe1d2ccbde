package io.zokio.loop;

/**
 * The loop's side of the {@link Backend} contract, handed to a backend once by {@link Backend#attach}: where it
 * delivers results.
 *
 * <p><b>Threading:</b> loop-thread only, like the backend's own methods. Only a loop creates a context, so only
 * the backend attached to that loop can deliver to it.
 */
public final class BackendContext {
    private final EventLoop loop;

    BackendContext(EventLoop loop) {
        this.loop = loop;
    }

    /** Hands a finished operation back to the loop, which runs its callback once. */
    public void deliver(Completion c, int result) {
        loop.complete(c, result);
    }

    /**
     * Hands one result of a multishot operation to its callback while the completion stays active (io_uring's
     * {@code IORING_CQE_F_MORE}).
     *
     * @return {@link Action#REARM} to continue, {@link Action#DISARM} when the callback asked to stop (or the
     *         loop is closing): the backend then stops the operation and delivers its final result
     */
    public Action deliverMore(Completion c, int result) {
        return loop.completeMore(c, result);
    }

    /** The loop's time ({@link EventLoop#now()}), in nanoseconds of its clock. */
    public long now() {
        return loop.now();
    }
}
