package io.zokio.runtime;

/** A {@link Channel} or {@link Oneshot} was closed: no value will come, or a value cannot be sent. */
public final class ChannelClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(message);
    }
}
