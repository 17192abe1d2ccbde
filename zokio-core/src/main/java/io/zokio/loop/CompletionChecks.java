package io.zokio.loop;

import io.zokio.sys.OpenFlags;
import io.zokio.sys.PeerAddress;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Argument checks of the {@link Completion} prep methods. Stateless, so callable from any thread; the prep
 * methods that use them are loop-thread only.
 *
 * <p>Each check returns its argument, or throws {@link IllegalArgumentException} (a {@link NullPointerException}
 * naming the parameter for a null) with a message that names the problem. A prep method runs its checks before
 * it writes any field, so a failed prep leaves the previous request intact. Nothing here allocates unless it
 * throws: the prep methods stay allocation-free.
 */
final class CompletionChecks {
    private CompletionChecks() {
    }

    static int checkFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must not be negative: " + fd);
        }
        return fd;
    }

    /** A directory descriptor, or {@link OpenFlags#AT_FDCWD}. */
    static int checkDirFd(int dirfd) {
        if (dirfd < 0 && dirfd != OpenFlags.AT_FDCWD) {
            throw new IllegalArgumentException("dirfd must be a descriptor or AT_FDCWD: " + dirfd);
        }
        return dirfd;
    }

    /** A file offset, or {@link Completion#OFFSET_CURRENT}. */
    static long checkOffset(long offset) {
        if (offset < Completion.OFFSET_CURRENT) {
            throw new IllegalArgumentException("offset must be >= 0 or OFFSET_CURRENT: " + offset);
        }
        return offset;
    }

    /** SENDFILE's file offset: the file position is not an option. */
    static long checkFileOffset(long fileOffset) {
        if (fileOffset < 0) {
            throw new IllegalArgumentException("file offset must not be negative: " + fileOffset);
        }
        return fileOffset;
    }

    /** SPLICE's and SENDFILE's byte count. */
    static int checkLength(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        return length;
    }

    /** FTRUNCATE's new file size. */
    static long checkFileLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        return length;
    }

    /** FALLOCATE's range: a non-empty range that does not overflow. */
    static void checkFallocateRange(long offset, long length) {
        if (offset < 0 || length <= 0 || offset + length < 0) {
            throw new IllegalArgumentException("fallocate needs offset >= 0 and length > 0: " + offset + ", " + length);
        }
    }

    static long checkTimeout(long durationNs) {
        if (durationNs < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + durationNs + " ns");
        }
        return durationNs;
    }

    /** Flags of a call that knows only the bits of {@code known}; {@code call} names it in the message. */
    static int checkFlags(int flags, int known, String call) {
        if ((flags & ~known) != 0) {
            throw new IllegalArgumentException("unknown " + call + " flags: " + flags);
        }
        return flags;
    }

    static int checkShutdownHow(int how) {
        if (how != ShutdownHow.SHUT_RD && how != ShutdownHow.SHUT_WR && how != ShutdownHow.SHUT_RDWR) {
            throw new IllegalArgumentException("shutdown how must be SHUT_RD, SHUT_WR or SHUT_RDWR: " + how);
        }
        return how;
    }

    static int checkPollEvents(int events) {
        if (events == 0) {
            throw new IllegalArgumentException("poll events must not be empty");
        }
        return events;
    }

    /** A path the kernel can take as a C string: not null, not empty, no NUL. */
    static String checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("path must not be empty");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL");
        }
        return path;
    }

    /** STATX's path, which may be empty (with {@link OpenFlags#AT_EMPTY_PATH}: the directory itself). */
    static String checkStatxPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path contains NUL");
        }
        return path;
    }

    /** A destination the kernel can take: a resolved address; {@code name} is the parameter's. */
    static InetSocketAddress checkResolved(InetSocketAddress address, String name) {
        Objects.requireNonNull(address, name);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address is unresolved: " + address);
        }
        return address;
    }

    /**
     * A buffer the kernel may use until the operation ends: native, alive, at most 2 GiB - 1 bytes, and not
     * read-only when {@code kernelWrites}.
     */
    static MemorySegment checkBuffer(MemorySegment buffer, boolean kernelWrites) {
        Objects.requireNonNull(buffer, "buffer");
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("buffer must be a native (off-heap) segment: the kernel writes into it");
        }
        if (!buffer.scope().isAlive()) { // its memory is freed: the kernel would write into whatever reuses it
            throw new IllegalArgumentException("buffer's arena is already closed");
        }
        if (kernelWrites && buffer.isReadOnly()) {
            throw new IllegalArgumentException("buffer is read-only");
        }
        if (buffer.byteSize() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer larger than 2 GiB - 1: " + buffer.byteSize());
        }
        return buffer;
    }

    /** 1 to {@link Completion#MAX_IOVECS} buffers, each as {@link #checkBuffer}, at most 2 GiB - 1 bytes in all. */
    static MemorySegment[] checkBuffers(MemorySegment[] buffers, boolean kernelWrites) {
        Objects.requireNonNull(buffers, "buffers");
        if (buffers.length == 0 || buffers.length > Completion.MAX_IOVECS) {
            throw new IllegalArgumentException(
                    "vectored I/O takes 1.." + Completion.MAX_IOVECS + " buffers: " + buffers.length);
        }
        long total = 0;
        for (MemorySegment b : buffers) {
            total += checkBuffer(b, kernelWrites).byteSize();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("vectored transfer larger than 2 GiB - 1: " + total);
        }
        return buffers;
    }

    /** CANCEL's target: any completion but the cancelling one. */
    static Completion checkCancelTarget(Completion self, Completion target) {
        Objects.requireNonNull(target, "target");
        if (target == self) {
            throw new IllegalArgumentException("a completion cannot cancel itself");
        }
        return target;
    }

    /** A buffer group a multishot receive can take buffers from: not closed. */
    static BufferGroup checkGroup(BufferGroup group) {
        Objects.requireNonNull(group, "group");
        group.checkOpen();
        return group;
    }

    /**
     * RECVMSG_MULTISHOT's group and sender holder: an open group whose buffers have room for more than the
     * {@link Completion#RECVMSG_HEADER_BYTES} the backend writes first.
     */
    static BufferGroup checkRecvMsgGroup(BufferGroup group, PeerAddress from) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(from, "from");
        group.checkOpen();
        if (group.bufferBytes() <= Completion.RECVMSG_HEADER_BYTES) {
            throw new IllegalArgumentException(
                    "buffers must be larger than " + Completion.RECVMSG_HEADER_BYTES + " bytes");
        }
        return group;
    }

    static int checkFixedBufferIndex(int bufIndex) {
        if (bufIndex < 0 || bufIndex >= Completion.MAX_FIXED_BUFFERS) {
            throw new IllegalArgumentException("fixed buffer index out of range: " + bufIndex);
        }
        return bufIndex;
    }

    /** The operations that can name a registered file ({@link Completion#fixedFile()}). */
    static void checkFixedFileOp(Op op) {
        switch (op) {
            case READ, WRITE, READV, WRITEV, FSYNC, READ_FIXED, WRITE_FIXED, FALLOCATE, RECV, SEND -> { }
            default -> throw new IllegalStateException(op + " cannot name a registered file (fixedFile)");
        }
    }

    static int checkFixedFileIndex(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("registered-file index must not be negative: " + index);
        }
        return index;
    }
}
