package io.zokio.loop;

/**
 * Flags of {@link Completion#prepRenameAt} ({@link Op#RENAMEAT}). Name and value are Linux's, defined in
 * {@code renameat2(2)} (the {@code rename(2)} page).
 */
public final class RenameFlags {
    /** Fail with {@code EEXIST} instead of replacing an existing target. */
    public static final int RENAME_NOREPLACE = 1;

    private RenameFlags() {
    }
}
