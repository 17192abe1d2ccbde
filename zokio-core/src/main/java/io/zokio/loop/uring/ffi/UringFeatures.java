package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;

import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel offers and what a ring uses: setup flags (supported, enabled, and why not), the
 * {@code io_uring_params.features} bits and the opcodes {@code IORING_REGISTER_PROBE} reported. Immutable;
 * any thread.
 *
 * @param available   whether io_uring_setup works at all in this process
 * @param cause       why io_uring is unavailable, or {@code null}
 * @param flags       one entry per optional setup flag, in the order they are tried
 * @param features    {@code io_uring_params.features} of the ring (or of the probe ring)
 * @param supportedOps per opcode, whether the kernel reports it supported ({@code IO_URING_OP_SUPPORTED})
 * @param lastOp      the probe's {@code last_op}, or -1 when the probe failed
 */
public record UringFeatures(boolean available, String cause, List<SetupFlag> flags, int features,
                            boolean[] supportedOps, int lastOp) {

    /**
     * One optional setup flag.
     *
     * @param cause why it is not supported or not enabled ({@code null} when enabled)
     */
    public record SetupFlag(String name, int bit, boolean supported, boolean enabled, String cause) {
        @Override
        public String toString() {
            return name + (enabled ? " on" : supported ? " off (" + cause + ")" : " unsupported (" + cause + ")");
        }
    }

    public UringFeatures {
        flags = List.copyOf(flags);
        supportedOps = supportedOps.clone();
    }

    static UringFeatures unavailable(String cause) {
        return new UringFeatures(false, cause, List.of(), 0, new boolean[0], -1);
    }

    public boolean hasFeature(int featureBit) {
        return (features & featureBit) != 0;
    }

    public boolean supportsOp(int opcode) {
        return opcode >= 0 && opcode < supportedOps.length && supportedOps[opcode];
    }

    /** Whether {@code setupBit} is enabled on this ring. */
    public boolean enabled(int setupBit) {
        for (SetupFlag f : flags) {
            if (f.bit() == setupBit) {
                return f.enabled();
            }
        }
        return false;
    }

    @Override
    public boolean[] supportedOps() {
        return supportedOps.clone();
    }

    /** A copy with {@code enabled} set from a ring's actual setup flags and the cause for the ones left off. */
    UringFeatures withEnabled(int ringFlags, int ringFeatures, String offCause) {
        List<SetupFlag> out = new ArrayList<>(flags.size());
        for (SetupFlag f : flags) {
            boolean on = (ringFlags & f.bit()) != 0;
            out.add(new SetupFlag(f.name(), f.bit(), f.supported(), on,
                    on ? null : f.supported() ? offCause : f.cause()));
        }
        return new UringFeatures(available, cause, out, ringFeatures, supportedOps, lastOp);
    }

    @Override
    public String toString() {
        if (!available) {
            return "io_uring unavailable: " + cause;
        }
        StringBuilder sb = new StringBuilder("io_uring: setup flags ").append(flags).append("; features [");
        String[] names = {"SINGLE_MMAP", "NODROP", "SUBMIT_STABLE", "RW_CUR_POS", "CUR_PERSONALITY", "FAST_POLL",
                "POLL_32BITS", "SQPOLL_NONFIXED", "EXT_ARG", "NATIVE_WORKERS", "RSRC_TAGS", "CQE_SKIP",
                "LINKED_FILE", "REG_REG_RING", "RECVSEND_BUNDLE", "MIN_TIMEOUT", "RW_ATTR", "NO_IOWAIT"};
        String sep = "";
        for (int i = 0; i < names.length; i++) {
            if ((features & (1 << i)) != 0) {
                sb.append(sep).append(names[i]);
                sep = " ";
            }
        }
        sb.append("]; ops up to ").append(lastOp).append(", missing [");
        sep = "";
        int[] used = {IORING_OP_NOP, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC, IORING_OP_POLL_ADD,
                IORING_OP_TIMEOUT, IORING_OP_ACCEPT, IORING_OP_ASYNC_CANCEL, IORING_OP_CONNECT, IORING_OP_OPENAT,
                IORING_OP_CLOSE, IORING_OP_STATX, IORING_OP_READ, IORING_OP_WRITE, IORING_OP_SEND, IORING_OP_RECV,
                IORING_OP_SHUTDOWN, IORING_OP_MSG_RING, IORING_OP_SEND_ZC};
        for (int op : used) {
            if (!supportsOp(op)) {
                sb.append(sep).append(opName(op));
                sep = " ";
            }
        }
        return sb.append(']').toString();
    }
}
