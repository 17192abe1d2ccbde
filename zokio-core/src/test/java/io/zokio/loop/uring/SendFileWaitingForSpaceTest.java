package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import io.zokio.sys.SockOpt;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SENDFILE (the default, {@code sendfile(2)} on the loop thread) on a socket that is full: it waits for
 * POLLOUT, ends with ECANCELED when cancelled there, and resumes, sending the right bytes, once the peer reads.
 */
@Timeout(30)
class SendFileWaitingForSpaceTest {
    private final Arena arena = Arena.ofShared();
    private EventLoop loop;
    private final List<Integer> fds = new ArrayList<>();
    private int sender;
    private int receiver;
    private int file;
    private byte[] data;

    @BeforeAll
    static void requireUring() {
        var f = IoUringBackend.probe();
        assumeTrue(f.available(), () -> "io_uring refused by this kernel: " + f.cause());
    }

    @BeforeEach
    void setUp(@TempDir Path dir) throws Exception {
        loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(16).build();
        assumeTrue(((IoUringBackend) loop.backend()).supports(Op.SENDFILE), "no SENDFILE");
        data = new byte[4 * 1024 * 1024];
        new Random(5).nextBytes(data);
        Path p = dir.resolve("body.bin");
        Files.write(p, data);
        file = await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, p.toString(),
                OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0));
        assertTrue(file >= 0, () -> "openat: " + Errno.name(file));
        fds.add(file);
        int lfd = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4, false);
        fds.add(lfd);
        receiver = loop.sockets().openTcpSocket(false);
        fds.add(receiver);
        loop.sockets().setSocketOption(receiver, SockOpt.SO_RCVBUF, 16 * 1024);
        int[] server = {-1};
        loop.submit(new Completion().prepAccept(lfd).callback((l, c, r) -> {
            server[0] = r;
            return Action.DISARM;
        }));
        assertEquals(0, await(new Completion().prepConnect(receiver, loop.sockets().localAddress(lfd))));
        loop.run(RunMode.UNTIL_DONE);
        assertTrue(server[0] >= 0, () -> "accept: " + Errno.name(server[0]));
        sender = server[0];
        fds.add(sender);
        loop.sockets().setSocketOption(sender, SockOpt.SO_SNDBUF, 16 * 1024);
    }

    @AfterEach
    void tearDown() {
        loop.close();
        for (int fd : fds) {
            try {
                loop.sockets().closeNow(fd);
            } catch (Exception ignored) {
                // closed with the loop
            }
        }
        arena.close();
    }

    private int await(Completion c) {
        int[] r = {Integer.MIN_VALUE};
        int[] calls = {0};
        loop.submit(c.callback((l, cc, res) -> {
            calls[0]++;
            r[0] = res;
            return Action.DISARM;
        }));
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(1, calls[0], "one callback");
        return r[0];
    }

    /** One RECV on the receiving side, run while the SENDFILE may still be pending. */
    private int recvOnce(MemorySegment chunk) {
        int[] r = {Integer.MIN_VALUE};
        int[] calls = {0};
        loop.submit(new Completion().prepRecv(receiver, chunk, 0).callback((l, cc, res) -> {
            calls[0]++;
            r[0] = res;
            return Action.DISARM;
        }));
        while (calls[0] == 0) {
            loop.run(RunMode.ONCE);
        }
        return r[0];
    }

    /** Sends until a SENDFILE stays pending on the full socket; returns the bytes sent before it. */
    private int fillUntilPending(Completion send, List<Integer> results) {
        int offset = 0;
        while (true) {
            int before = results.size();
            loop.submit(send.prepSendFile(sender, file, offset, 1024 * 1024));
            for (int i = 0; i < 20 && results.size() == before; i++) {
                loop.run(RunMode.NO_WAIT);
            }
            if (results.size() == before) {
                return offset;
            }
            int r = results.getLast();
            assertTrue(r > 0, () -> "sendfile: " + Errno.name(r));
            offset += r;
            assertTrue(offset < data.length, "the socket never filled");
        }
    }

    @Test
    void cancelledWhileWaitingForSpaceEndsOnceWithEcanceled() {
        List<Integer> results = new ArrayList<>();
        Completion send = new Completion().callback((l, c, r) -> {
            results.add(r);
            return Action.DISARM;
        });
        fillUntilPending(send, results);
        int before = results.size();
        assertEquals(0, await(new Completion().prepCancel(send)), "the waiting SENDFILE was found");
        assertEquals(before + 1, results.size(), "one callback for the cancelled SENDFILE");
        assertEquals(-Errno.ECANCELED, results.getLast());
    }

    @Test
    void resumesOnceThePeerReadsAndSendsTheFileBytes() {
        List<Integer> results = new ArrayList<>();
        Completion send = new Completion().callback((l, c, r) -> {
            results.add(r);
            return Action.DISARM;
        });
        int offset = fillUntilPending(send, results);
        int before = results.size();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        MemorySegment chunk = arena.allocate(64 * 1024);
        while (results.size() == before) {
            int r = recvOnce(chunk);
            assertTrue(r > 0, () -> "recv: " + Errno.name(r));
            got.writeBytes(chunk.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE));
        }
        int last = results.getLast();
        assertTrue(last > 0, () -> "the resumed SENDFILE: " + Errno.name(last));
        int total = offset + last;
        while (got.size() < total) {
            int r = recvOnce(chunk);
            assertTrue(r > 0, () -> "recv: " + Errno.name(r));
            got.writeBytes(chunk.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE));
        }
        assertEquals(total, got.size());
        assertArrayEquals(Arrays.copyOfRange(data, 0, total), got.toByteArray());
    }
}
