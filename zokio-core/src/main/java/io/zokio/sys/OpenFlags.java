package io.zokio.sys;

/** Linux {@code open(2)} flags for {@code openat} operations. Both backends understand these. */
public final class OpenFlags {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_DIRECT = 040000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_CLOEXEC = 02000000;
    /** Directory descriptor meaning "relative to the current directory". */
    public static final int AT_FDCWD = -100;
    /** {@code statx} flag: operate on {@code dirfd} itself (path must be empty). */
    public static final int AT_EMPTY_PATH = 0x1000;

    private OpenFlags() {
    }
}
