package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPLICE, SENDFILE, RECV_MULTISHOT and RECVMSG_MULTISHOT on the NIO backend with descriptors or offsets it cannot serve: each is
 * answered once, with the errno the backend documents, and a sendfile past the end of the file sends nothing.
 */
@Timeout(20)
class NioTransferErrnoTest extends NioLoopFixture {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        open(1);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    private int openFile() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "data");
        int fd = await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, f.toString(), OpenFlags.O_RDONLY, 0));
        assertTrue(fd >= 0, "openat " + fd);
        return fd;
    }

    @Test
    void transfersToAListenerAreNotConnected() throws Exception {
        int file = openFile();
        int listener = loop.sockets().openTcpListener(LOOPBACK_ANY, 4, false);
        assertEquals(-Errno.ENOTCONN, await(new Completion().prepSendFile(listener, file, 0, 4)));
        assertEquals(-Errno.ENOTCONN,
                await(new Completion().prepSplice(file, 0, listener, Completion.OFFSET_CURRENT, 4, 0)));
        BufferGroup group = BufferGroup.open(loop, 2, 64);
        assertEquals(-Errno.ENOTCONN, await(new Completion().prepRecvMultishot(listener, group, 0)));
        group.close();
    }

    @Test
    void theInputMustBeAnOpenFile() throws Exception {
        int[] p = connectedPair();
        assertEquals(-Errno.EBADF, await(new Completion().prepSendFile(p[2], 999, 0, 4)), "not open");
        assertEquals(-Errno.EINVAL, await(new Completion().prepSendFile(p[2], p[1], 0, 4)), "a socket");
    }

    @Test
    void spliceNeedsAFileOffsetAndTheSocketsCurrentPosition() throws Exception {
        int file = openFile();
        int[] p = connectedPair();
        assertEquals(-Errno.EINVAL,
                await(new Completion().prepSplice(file, Completion.OFFSET_CURRENT, p[2], Completion.OFFSET_CURRENT,
                        4, 0)), "no input offset");
        assertEquals(-Errno.EINVAL, await(new Completion().prepSplice(file, 0, p[2], 0, 4, 0)), "an output offset");
        assertEquals(4, await(new Completion().prepSplice(file, 0, p[2], Completion.OFFSET_CURRENT, 4, 0)));
        assertEquals(4, await(new Completion().prepRecv(p[1], arena.allocate(8), 0)));
    }

    @Test
    void sendfilePastTheEndSendsNothing() throws Exception {
        int file = openFile();
        int[] p = connectedPair();
        assertEquals(0, await(new Completion().prepSendFile(p[2], file, 10, 4)));
        assertEquals(2, await(new Completion().prepSendFile(p[2], file, 2, 4)), "the rest of the file");
        var in = arena.allocate(8);
        assertEquals(2, await(new Completion().prepRecv(p[1], in, 0)));
        assertEquals("ta", string(in, 2));
    }

    @Test
    void aMessageMultishotOnTcpIsNotSupported() throws Exception {
        int[] p = connectedPair();
        BufferGroup group = BufferGroup.open(loop, 2, Completion.RECVMSG_HEADER_BYTES + 64);
        assertEquals(-Errno.EOPNOTSUPP,
                await(new Completion().prepRecvMsgMultishot(p[1], group, new io.zokio.sys.PeerAddress(), 0)));
        assertEquals(2, group.available());
        group.close();
    }
}
