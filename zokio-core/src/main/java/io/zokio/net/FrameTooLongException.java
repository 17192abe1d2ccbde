package io.zokio.net;

import java.io.IOException;

/**
 * A frame longer than its {@link Framing#maxFrameBytes()}. Thrown by {@link FrameReader} when a peer sends one
 * (the reader is then failed: see {@link FrameReader} for the state it leaves) and by {@link FrameWriter}
 * before anything of an oversized frame is written (the writer and the stream stay usable).
 */
public final class FrameTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long frameBytes;
    private final int maxFrameBytes;

    FrameTooLongException(long frameBytes, int maxFrameBytes, String what) {
        super(what + (frameBytes >= 0 ? " of " + frameBytes + " bytes" : " longer than the limit")
                + " exceeds the limit of " + maxFrameBytes + " bytes");
        this.frameBytes = frameBytes;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The frame's payload length when it is known (a length field, a frame being written), or -1 when the
     * limit was passed before the delimiter was seen.
     */
    public long frameBytes() {
        return frameBytes;
    }

    /** The limit that was exceeded. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
