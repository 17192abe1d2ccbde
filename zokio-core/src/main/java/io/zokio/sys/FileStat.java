package io.zokio.sys;

/**
 * Caller-owned, reusable result of a statx operation ({@code io.zokio.loop.Op.STATX}): the subset of {@code struct statx} both backends can fill.
 * Not thread-safe; read it in the callback or after the completion finished.
 */
public final class FileStat {
    /** {@code S_IFMT} bits of {@link #mode()}. */
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFLNK = 0120000;

    private long sizeBytes;
    private int mode;
    private long inode;
    private long linkCount;
    private long modifiedEpochNs;
    private long blocks;
    private int blockSizeBytes;

    /** Fills every field; called by backends. */
    public void set(long sizeBytes, int mode, long inode, long linkCount, long modifiedEpochNs, long blocks,
                    int blockSizeBytes) {
        this.sizeBytes = sizeBytes;
        this.mode = mode;
        this.inode = inode;
        this.linkCount = linkCount;
        this.modifiedEpochNs = modifiedEpochNs;
        this.blocks = blocks;
        this.blockSizeBytes = blockSizeBytes;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** File type and permission bits as in {@code st_mode}. */
    public int mode() {
        return mode;
    }

    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /** The inode number, or 0 when the backend cannot tell. */
    public long inode() {
        return inode;
    }

    public long linkCount() {
        return linkCount;
    }

    /** Last modification time in nanoseconds since the epoch. */
    public long modifiedEpochNs() {
        return modifiedEpochNs;
    }

    /** 512-byte blocks allocated, or 0 when the backend cannot tell. */
    public long blocks() {
        return blocks;
    }

    public int blockSizeBytes() {
        return blockSizeBytes;
    }

    @Override
    public String toString() {
        return "FileStat[size=" + sizeBytes + ", mode=0" + Integer.toOctalString(mode) + ", inode=" + inode + "]";
    }
}
