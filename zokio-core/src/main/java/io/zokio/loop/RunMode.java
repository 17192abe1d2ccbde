package io.zokio.loop;

/** How long {@link EventLoop#run(RunMode)} runs (libxev's RunMode). */
public enum RunMode {
    /** One turn: submit what is queued, run whatever is ready, never wait. */
    NO_WAIT,
    /** Turn until at least one completion, timer or task has run, waiting if needed, then return. */
    ONCE,
    /** Turn until nothing is in flight: no active completion, no pending timer, no queued task. */
    UNTIL_DONE
}
