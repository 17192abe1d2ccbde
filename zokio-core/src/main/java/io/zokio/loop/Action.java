package io.zokio.loop;

/** What a {@link Callback} wants done with its completion after it ran (libxev's CallbackAction). */
public enum Action {
    /** The completion is finished; its owner may reuse it. */
    DISARM,
    /** Submit the same completion again, unchanged, in the same loop turn's batch. */
    REARM
}
