package io.zokio.loop;

import io.zokio.sys.Errno;

/**
 * Called on the loop thread when a {@link Completion} finishes. Called exactly once per submission, except for
 * multishot operations ({@link Op#isMultishot()}): those call it once per result while the completion stays
 * active (then {@code completion.isActive()} is true and the return value means REARM: continue, DISARM:
 * stop), and once more, finally, with the completion idle (see {@link Op}).
 *
 * <p>The completion is already idle when this runs, so the callback may prepare and submit it again (or
 * return {@link Action#REARM}). Callbacks must not block: they run on the loop thread.
 */
@FunctionalInterface
public interface Callback {
    /**
     * @param loop the loop that ran the operation
     * @param completion the finished completion
     * @param result {@code >= 0} on success, a negated {@link Errno} value on failure
     * @return whether to resubmit the completion
     */
    Action onComplete(EventLoop loop, Completion completion, int result);
}
