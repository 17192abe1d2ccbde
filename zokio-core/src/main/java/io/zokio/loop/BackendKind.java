package io.zokio.loop;

/** Which backend a loop uses. {@link #AUTO} tries io_uring, then NIO; {@code -Dzokio.backend=uring|nio} forces one. */
public enum BackendKind {
    AUTO,
    IO_URING,
    NIO
}
