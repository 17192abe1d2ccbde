package io.zokio.loop;

/**
 * A backend's native linked submissions (io_uring's {@code IOSQE_IO_LINK}): the operations of a chain go to the
 * kernel together, each starts only after the one before it succeeded, and a failure ends the rest of the chain
 * with {@code -ECANCELED}. A backend without it leaves chains to the loop, which holds each member until the one
 * before it has completed and then submits it with {@link Backend#submit} (see
 * {@link EventLoop#submitLinked}).
 *
 * <p><b>Threading:</b> the owning loop's thread only, as {@link Backend#submit}.
 */
public interface LinkedOps {
    /**
     * Queues {@code chain} (two or more operations, each an {@link EventLoop#isLinkable linkable} op, already
     * checked and marked active by the loop) as one linked chain; it reaches the kernel at the latest in the next
     * {@link Backend#poll}, all in one submission. Each member is delivered once through the backend's context,
     * as for {@link Backend#submit}.
     *
     * @throws IllegalArgumentException when the chain cannot be queued as one (longer than the submission
     *                                  queue); nothing of it is queued then
     */
    void submitLinked(Completion[] chain);
}
