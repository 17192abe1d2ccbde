package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The opcode names used in diagnostics: every opcode the package knows has its kernel name. */
class IoUringConstantsTest {
    @Test
    void everyKnownOpcodeHasItsKernelName() {
        Map<Integer, String> expected = Map.ofEntries(
                Map.entry(IORING_OP_NOP, "NOP"), Map.entry(IORING_OP_READV, "READV"),
                Map.entry(IORING_OP_WRITEV, "WRITEV"), Map.entry(IORING_OP_FSYNC, "FSYNC"),
                Map.entry(IORING_OP_READ_FIXED, "READ_FIXED"), Map.entry(IORING_OP_WRITE_FIXED, "WRITE_FIXED"),
                Map.entry(IORING_OP_POLL_ADD, "POLL_ADD"), Map.entry(IORING_OP_SENDMSG, "SENDMSG"),
                Map.entry(IORING_OP_RECVMSG, "RECVMSG"), Map.entry(IORING_OP_TIMEOUT, "TIMEOUT"),
                Map.entry(IORING_OP_ACCEPT, "ACCEPT"), Map.entry(IORING_OP_ASYNC_CANCEL, "ASYNC_CANCEL"),
                Map.entry(IORING_OP_CONNECT, "CONNECT"), Map.entry(IORING_OP_FALLOCATE, "FALLOCATE"),
                Map.entry(IORING_OP_OPENAT, "OPENAT"), Map.entry(IORING_OP_CLOSE, "CLOSE"),
                Map.entry(IORING_OP_STATX, "STATX"), Map.entry(IORING_OP_READ, "READ"),
                Map.entry(IORING_OP_WRITE, "WRITE"), Map.entry(IORING_OP_SEND, "SEND"),
                Map.entry(IORING_OP_RECV, "RECV"), Map.entry(IORING_OP_SPLICE, "SPLICE"),
                Map.entry(IORING_OP_RENAMEAT, "RENAMEAT"), Map.entry(IORING_OP_UNLINKAT, "UNLINKAT"),
                Map.entry(IORING_OP_MKDIRAT, "MKDIRAT"), Map.entry(IORING_OP_SHUTDOWN, "SHUTDOWN"),
                Map.entry(IORING_OP_MSG_RING, "MSG_RING"), Map.entry(IORING_OP_SEND_ZC, "SEND_ZC"),
                Map.entry(IORING_OP_FTRUNCATE, "FTRUNCATE"));
        assertEquals(29, expected.size(), "one opcode number per name");
        expected.forEach((op, name) -> assertEquals(name, opName(op), "opcode " + op));
    }

    @Test
    void unknownOpcodeIsNamedByItsNumber() {
        assertEquals("op200", opName(200));
        assertEquals("op-1", opName(-1));
    }
}
