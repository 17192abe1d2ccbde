package io.zokio.testkit.fault;

import io.zokio.loop.Completion;
import io.zokio.loop.Op;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Copies the request of a caller's {@link Completion} into the <em>shadow</em> completion that a
 * {@link FaultyBackend} submits to its inner loop, optionally cutting the transfer length (a short read or
 * write). The shadow names the same buffers, descriptors, {@code FileStat} and {@code PeerAddress} objects, so
 * the kernel writes where the caller expects.
 *
 * <p><b>Threading:</b> stateless; called on the loop thread with completions that thread owns.
 */
final class ShadowRequests {
    /** {@code cutBytes} value meaning "keep the length". */
    static final int NO_CUT = -1;

    private ShadowRequests() {
    }

    /** The bytes a cut can shorten (1 and less cannot be shortened), or 0 when the op has no length to cut. */
    static long cuttableLength(Completion c) {
        return switch (c.op()) {
            case READ, WRITE, RECV, SEND, SEND_ZC, READ_FIXED, WRITE_FIXED -> c.buffer().byteSize();
            case READV, WRITEV -> total(c.buffers());
            case SENDFILE, SPLICE -> c.spliceLength();
            default -> 0;
        };
    }

    /**
     * Prepares {@code shadow} (idle) with {@code c}'s request; {@code cutBytes} ({@code 1..length-1}, or
     * {@link #NO_CUT}) shortens a transfer. Not for {@link Op#CANCEL} or {@link Op#TIMEOUT}.
     */
    static void copy(Completion c, Completion shadow, long cutBytes) {
        int fd = c.fd();
        switch (c.op()) {
            case NOP -> shadow.prepNop();
            case READ -> shadow.prepRead(fd, cut(c.buffer(), cutBytes), c.offset());
            case WRITE -> shadow.prepWrite(fd, cut(c.buffer(), cutBytes), c.offset());
            case READV -> shadow.prepReadv(fd, cut(c.buffers(), cutBytes), c.offset());
            case WRITEV -> shadow.prepWritev(fd, cut(c.buffers(), cutBytes), c.offset());
            case FSYNC -> shadow.prepFsync(fd, c.flags());
            case OPENAT -> shadow.prepOpenAt(fd, c.path(), c.flags(), c.mode());
            case CLOSE -> shadow.prepClose(fd);
            case STATX -> shadow.prepStatx(fd, c.path(), c.flags(), c.stat());
            case ACCEPT -> shadow.prepAccept(fd);
            case CONNECT -> {
                if (c.unixAddress() != null) {
                    shadow.prepConnectUnix(fd, c.unixAddress());
                } else {
                    shadow.prepConnect(fd, c.address());
                }
            }
            case RECV -> shadow.prepRecv(fd, cut(c.buffer(), cutBytes), c.flags());
            case SEND -> shadow.prepSend(fd, cut(c.buffer(), cutBytes), c.flags());
            case SHUTDOWN -> shadow.prepShutdown(fd, c.flags());
            case POLL -> shadow.prepPoll(fd, c.flags());
            case SPLICE -> shadow.prepSplice(c.fdIn(), c.offsetIn(), fd, c.offset(), cut(c.spliceLength(), cutBytes),
                    c.flags());
            case SENDFILE -> shadow.prepSendFile(fd, c.fdIn(), c.offsetIn(), cut(c.spliceLength(), cutBytes));
            case ACCEPT_MULTISHOT -> shadow.prepAcceptMultishot(fd);
            case RECV_MULTISHOT -> shadow.prepRecvMultishot(fd, c.group(), c.flags());
            case SEND_ZC -> shadow.prepSendZc(fd, cut(c.buffer(), cutBytes), c.flags());
            case SENDMSG -> shadow.prepSendMsg(fd, c.buffer(), c.address(), c.flags());
            case RECVMSG -> shadow.prepRecvMsg(fd, c.buffer(), c.peer(), c.flags());
            case RECVMSG_MULTISHOT -> shadow.prepRecvMsgMultishot(fd, c.group(), c.peer(), c.flags());
            case FALLOCATE -> shadow.prepFallocate(fd, c.mode(), c.offset(), c.length());
            case FTRUNCATE -> shadow.prepFtruncate(fd, c.length());
            case UNLINKAT -> shadow.prepUnlinkAt(fd, c.path(), c.flags());
            case RENAMEAT -> shadow.prepRenameAt(fd, c.path(), c.fd2(), c.path2(), c.flags());
            case MKDIRAT -> shadow.prepMkdirAt(fd, c.path(), c.mode());
            case READ_FIXED -> shadow.prepReadFixed(fd, cut(c.buffer(), cutBytes), c.offset(), c.bufIndex());
            case WRITE_FIXED -> shadow.prepWriteFixed(fd, cut(c.buffer(), cutBytes), c.offset(), c.bufIndex());
            case CANCEL, TIMEOUT -> throw new IllegalArgumentException("not a backend request: " + c.op());
            default -> throw new IllegalArgumentException("FaultyBackend cannot copy " + c.op() + " yet");
        }
    }

    /** Whether {@code c}'s request (a transfer's buffer or buffers) overlaps {@code memory}. */
    static boolean names(Completion c, MemorySegment memory) {
        return switch (c.op()) {
            case READ, WRITE, RECV, SEND, SEND_ZC, READ_FIXED, WRITE_FIXED, SENDMSG, RECVMSG ->
                    overlaps(c.buffer(), memory);
            case READV, WRITEV -> {
                for (MemorySegment b : c.buffers()) {
                    if (overlaps(b, memory)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    private static boolean overlaps(MemorySegment b, MemorySegment memory) {
        return b != null && b.byteSize() > 0 && memory.byteSize() > 0 && b.asOverlappingSlice(memory).isPresent();
    }

    private static long total(MemorySegment[] buffers) {
        long n = 0;
        for (MemorySegment b : buffers) {
            n += b.byteSize();
        }
        return n;
    }

    private static MemorySegment cut(MemorySegment b, long cutBytes) {
        return cutBytes == NO_CUT ? b : b.asSlice(0, cutBytes);
    }

    private static int cut(int length, long cutBytes) {
        return cutBytes == NO_CUT ? length : (int) cutBytes;
    }

    /** The first {@code cutBytes} bytes of a vector: whole buffers, then a slice of the one the cut falls in. */
    private static MemorySegment[] cut(MemorySegment[] bs, long cutBytes) {
        if (cutBytes == NO_CUT) {
            return bs;
        }
        long left = cutBytes;
        int n = 0;
        while (left > 0) {
            left -= bs[n++].byteSize();
        }
        MemorySegment[] out = Arrays.copyOf(bs, n);
        if (left < 0) {
            MemorySegment last = out[n - 1];
            out[n - 1] = last.asSlice(0, last.byteSize() + left);
        }
        return out;
    }
}
