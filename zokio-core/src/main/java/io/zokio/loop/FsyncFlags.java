package io.zokio.loop;

/**
 * Flags of {@link Completion#prepFsync} ({@link Op#FSYNC}). The value is io_uring's
 * {@code IORING_FSYNC_DATASYNC}, defined in {@code io_uring_enter(2)} under {@code IORING_OP_FSYNC}.
 */
public final class FsyncFlags {
    /** Flush the data only, as {@code fdatasync(2)}; without it, {@code fsync(2)}. */
    public static final int FSYNC_DATASYNC = 1;

    private FsyncFlags() {
    }
}
