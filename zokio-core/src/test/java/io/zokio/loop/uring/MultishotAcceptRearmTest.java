package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The io_uring backend arms a multishot accept again when the kernel ends it with an error accept(2) says to
 * retry on (ECONNABORTED, EPROTO, ENETDOWN, ...): the kernel really ends the multishot (a cancel the backend does
 * not take for a stop) and its final result reads as the error; the callback sees no final result, and the next
 * client is accepted. Another error, and a real cancel, still end it.
 */
class MultishotAcceptRearmTest {
    private static final int[] RETRYABLE = {Errno.ECONNABORTED, 71 /* EPROTO */, 100 /* ENETDOWN */,
        Errno.EHOSTUNREACH, Errno.ENETUNREACH, 92 /* ENOPROTOOPT */, 112 /* EHOSTDOWN */, 64 /* ENONET */,
        Errno.EOPNOTSUPP};

    private final List<Integer> accepted = new ArrayList<>();
    private final List<Integer> finals = new ArrayList<>();

    private Completion multishotAccept(int listener) {
        return new Completion().prepAcceptMultishot(listener).callback((l, c, r) -> {
            if (c.isActive()) {
                accepted.add(r);
                return Action.REARM;
            }
            finals.add(r);
            return Action.DISARM;
        });
    }

    /** Connects a client (the kernel completes it from the backlog) and turns the loop until it is accepted. */
    private void acceptOne(EventLoop loop, InetSocketAddress address) throws Exception {
        int before = accepted.size();
        try (Socket client = new Socket()) {
            client.connect(address);
            while (accepted.size() == before && finals.isEmpty()) {
                loop.run(RunMode.ONCE);
            }
        }
        assertEquals(List.of(), finals, "the multishot accept ended");
        int fd = accepted.get(accepted.size() - 1);
        assertTrue(fd >= 0, "accepted: " + fd);
        loop.sockets().closeNow(fd);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMultishotAcceptTheKernelEndsWithARetryableErrorIsArmedAgain() throws Exception {
        EventLoop loop;
        try {
            loop = EventLoop.builder().backend(BackendKind.IO_URING).build();
        } catch (UncheckedIOException | UnsupportedOperationException | LinkageError e) {
            Assumptions.abort("io_uring cannot be opened here: " + e);
            return;
        }
        try (loop) {
            IoUringBackend backend = (IoUringBackend) loop.backend();
            int listener = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    16, false);
            InetSocketAddress address = loop.sockets().localAddress(listener);
            Completion accept = multishotAccept(listener);
            loop.submit(accept);
            acceptOne(loop, address);
            for (int errno : RETRYABLE) {
                backend.endMultishotAcceptAs(accept, errno);
                // the kernel ends the multishot and the backend re-arms it: no callback runs, so turn without waiting
                while (backend.multishotAcceptEndPending()) {
                    loop.run(RunMode.NO_WAIT);
                }
                acceptOne(loop, address); // accepted by the re-armed multishot
            }
            assertEquals(1 + RETRYABLE.length, accepted.size());

            backend.endMultishotAcceptAs(accept, Errno.EINVAL); // not one to retry on: the end is the result
            while (finals.isEmpty()) {
                loop.run(RunMode.ONCE);
            }
            assertEquals(List.of(-Errno.EINVAL), finals);
            loop.sockets().closeNow(listener);
        }
    }
}
