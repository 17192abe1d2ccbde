package io.zokio.runtime;

/** Which threads carry the runtime's virtual-thread tasks. See the package documentation. */
public enum CarrierMode {
    /** The JDK's default virtual-thread scheduler; I/O reaches a worker's loop through {@code execute}. */
    SHARED,
    /**
     * The runtime's workers as carriers (not built yet: the runtime logs one line and uses {@link #SHARED}).
     * TODO(runtime): see "AFFINE carrier mode" in package-info.
     */
    AFFINE
}
