package io.zokio.loop;

/**
 * The {@code mode} argument of {@link Completion#prepFallocate} ({@link Op#FALLOCATE}). Name and value are
 * Linux's, defined in {@code fallocate(2)}.
 */
public final class FallocateFlags {
    /** Allocate the range without changing the file size. */
    public static final int FALLOC_FL_KEEP_SIZE = 1;

    private FallocateFlags() {
    }
}
