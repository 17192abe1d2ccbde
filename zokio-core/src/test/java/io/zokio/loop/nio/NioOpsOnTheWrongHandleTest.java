package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations sent to a kind of descriptor that cannot do them, answered with the errno Linux gives: socket calls
 * on files, file calls on sockets, stream calls on a listener, message calls on TCP.
 */
@Timeout(20)
class NioOpsOnTheWrongHandleTest extends NioLoopFixture {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        open(2);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    private int openFile() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "data");
        int fd = await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, f.toString(), OpenFlags.O_RDWR, 0));
        assertTrue(fd >= 0, "openat " + fd);
        return fd;
    }

    @Test
    void socketCallsOnAFileAreEnotsock() throws Exception {
        int fd = openFile();
        MemorySegment buf = arena.allocate(8);
        assertEquals(-Errno.ENOTSOCK, await(new Completion().prepRecv(fd, buf, 0)));
        assertEquals(-Errno.ENOTSOCK, await(new Completion().prepSend(fd, buf, 0)));
        assertEquals(-Errno.ENOTSOCK, await(new Completion().prepAccept(fd)));
        assertEquals(-Errno.ENOTSOCK, await(new Completion().prepShutdown(fd, ShutdownHow.SHUT_RDWR)));
        assertEquals(-Errno.ENOTSOCK, await(new Completion().prepConnect(fd, LOOPBACK_ANY)));
        assertEquals(-Errno.EINVAL, await(new Completion().prepAcceptMultishot(fd)), "no multishot on a file");
        ErrnoException e = assertThrows(ErrnoException.class, () -> loop.sockets().localAddress(fd));
        assertEquals(Errno.ENOTSOCK, e.errno());
    }

    @Test
    void aRegularFileIsAlwaysReadyForPoll() throws Exception {
        int fd = openFile();
        assertEquals(PollEvents.POLLIN | PollEvents.POLLOUT,
                await(new Completion().prepPoll(fd, PollEvents.POLLIN | PollEvents.POLLOUT)));
        assertEquals(PollEvents.POLLIN, await(new Completion().prepPoll(fd, PollEvents.POLLIN)));
    }

    @Test
    void fileCallsOnASocketAreEinval() throws Exception {
        int[] p = connectedPair();
        assertEquals(-Errno.EINVAL, await(new Completion().prepFsync(p[2], 0)));
        assertEquals(-Errno.EINVAL, await(new Completion().prepFallocate(p[2], 0, 0, 16)));
        assertEquals(-Errno.EINVAL, await(new Completion().prepAccept(p[2])), "accept on a connected socket");
    }

    @Test
    void messageCallsOnTcpAreNotSupported() throws Exception {
        int[] p = connectedPair();
        MemorySegment buf = bytes("x");
        assertEquals(-Errno.EOPNOTSUPP, await(new Completion().prepSendMsg(p[2], buf, LOOPBACK_ANY, 0)));
        assertEquals(-Errno.EOPNOTSUPP,
                await(new Completion().prepRecvMsg(p[1], arena.allocate(8), new io.zokio.sys.PeerAddress(), 0)));
    }

    @Test
    void streamCallsOnAListenerFailAsOnLinux() throws Exception {
        int listener = loop.sockets().openTcpListener(LOOPBACK_ANY, 4, false);
        MemorySegment buf = bytes("x");
        assertEquals(-Errno.ENOTCONN, await(new Completion().prepShutdown(listener, ShutdownHow.SHUT_RD)));
        assertEquals(-Errno.EPIPE, await(new Completion().prepSend(listener, buf, 0)));
        assertEquals(-Errno.EPIPE, await(new Completion().prepSendZc(listener, buf, 0)));
        assertEquals(-Errno.EISCONN, await(new Completion().prepConnect(listener, LOOPBACK_ANY)));
        assertEquals(-Errno.ENOTCONN, await(new Completion().prepRecv(listener, arena.allocate(8), 0)));
        ErrnoException e = assertThrows(ErrnoException.class, () -> loop.sockets().remoteAddress(listener));
        assertEquals(Errno.ENOTCONN, e.errno());
    }

    @Test
    void statxOfAnEmptyPath() throws Exception {
        FileStat st = new FileStat();
        assertEquals(-Errno.ENOENT, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, "", 0, st)),
                "an empty path needs AT_EMPTY_PATH");
        assertEquals(0, await(new Completion().prepStatx(OpenFlags.AT_FDCWD, "", OpenFlags.AT_EMPTY_PATH, st)));
        assertTrue(st.isDirectory(), "the current directory");
        assertEquals(-Errno.EBADF, await(new Completion().prepStatx(9999, "", OpenFlags.AT_EMPTY_PATH, st)));
        int[] p = connectedPair();
        assertEquals(0, await(new Completion().prepStatx(p[2], "", OpenFlags.AT_EMPTY_PATH, st)));
        assertEquals(0140000, st.mode() & FileStat.S_IFMT, "S_IFSOCK: a socket");
    }

    @Test
    void pathRelativeToASocketIsEnotdir() throws Exception {
        int[] p = connectedPair();
        assertEquals(-Errno.ENOTDIR, await(new Completion().prepOpenAt(p[2], "x", OpenFlags.O_RDONLY, 0)));
        assertEquals(-Errno.EBADF, await(new Completion().prepOpenAt(9999, "x", OpenFlags.O_RDONLY, 0)));
    }
}
