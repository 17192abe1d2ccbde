package io.zokio.loop;

/**
 * Flags of {@link Completion#prepUnlinkAt} ({@link Op#UNLINKAT}). Name and value are Linux's, defined in
 * {@code unlinkat(2)} (the {@code unlink(2)} page).
 */
public final class UnlinkFlags {
    /** Remove a directory, as {@code rmdir(2)}. */
    public static final int AT_REMOVEDIR = 0x200;

    private UnlinkFlags() {
    }
}
