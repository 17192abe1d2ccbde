package io.zokio.runtime;

/** Which threads carry the runtime's virtual-thread tasks. See the package documentation. */
public enum CarrierMode {
    /** The JDK's default virtual-thread scheduler; I/O reaches a worker's loop through {@code execute}. */
    SHARED,
    /**
     * The runtime's workers as carriers: a virtual thread's continuation is a lightweight task on the worker
     * queues, so its I/O is handed to a loop on the same core and its wakeup is a LIFO-slot push. Needs
     * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (JDK-internal hooks); without it the runtime logs one
     * line and uses {@link #SHARED} ({@link Runtime#carrierMode()} tells which). A virtual thread that pins
     * its carrier (a native frame, blocking JDK file I/O) blocks that worker and its loop.
     */
    AFFINE
}
