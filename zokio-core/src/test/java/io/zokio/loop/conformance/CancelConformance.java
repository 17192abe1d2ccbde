package io.zokio.loop.conformance;

import static io.zokio.sys.OpenFlags.O_RDONLY;
import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.sys.Errno;
import io.zokio.loop.RunMode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link BackendConformanceTest}: cancellation. A pending recv, accept or poll ends {@code -ECANCELED}
 * exactly once and its cancel with 0; a finished target gives {@code -ENOENT}; when a cancel races its target,
 * exactly one of them wins.
 */
interface CancelConformance extends ConformanceContext {

    @Test
    default void cancelOfAPendingRecvCompletesItWithECANCELEDOnce() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(64), 0));
        spin(3);
        assertEquals(0, rec().count(recv), "no data was sent");
        Completion cancel = submit(new Completion().prepCancel(recv));
        loop().run(RunMode.UNTIL_DONE);
        rec().assertOnce(recv, -Errno.ECANCELED);
        rec().assertOnce(cancel, 0);
        // the socket is still usable afterwards
        awaitOk(new Completion().prepSend(c.client(), segment(new byte[] {42}), 0));
        MemorySegment b = buffer(8);
        assertEquals(1, await(new Completion().prepRecv(c.server(), b, 0)));
        assertEquals(42, b.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    default void cancelOfAPendingAcceptCompletesItWithECANCELEDOnce() throws IOException {
        int listener = track(loop().sockets().openTcpListener(LOOPBACK_ANY_PORT, 8, false));
        Completion accept = submit(new Completion().prepAccept(listener));
        spin(3);
        Completion cancel = submit(new Completion().prepCancel(accept));
        loop().run(RunMode.UNTIL_DONE);
        rec().assertOnce(accept, -Errno.ECANCELED);
        rec().assertOnce(cancel, 0);
    }

    @Test
    default void cancelOfAPendingPollCompletesItWithECANCELEDOnce() throws IOException {
        Conn c = connectPair();
        Completion poll = submit(new Completion().prepPoll(c.server(), PollEvents.POLLIN));
        spin(2);
        Completion cancel = submit(new Completion().prepCancel(poll));
        loop().run(RunMode.UNTIL_DONE);
        rec().assertOnce(poll, -Errno.ECANCELED);
        rec().assertOnce(cancel, 0);
    }

    @Test
    default void cancelOfAFinishedOperationIsENOENT() throws IOException {
        Conn c = connectPair();
        awaitOk(new Completion().prepSend(c.client(), segment("x".getBytes(StandardCharsets.US_ASCII)), 0));
        Completion recv = new Completion().prepRecv(c.server(), buffer(8), 0);
        assertEquals(1, await(recv));
        assertResult(-Errno.ENOENT, await(new Completion().prepCancel(recv)), "cancel of a finished recv");
        assertResult(-Errno.ENOENT, await(new Completion().prepCancel(new Completion().prepNop())),
                "cancel of a completion never submitted");
    }

    @Test
    default void cancelOfATimerWinsOverItsExpiry() {
        Completion t = submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1)));
        Completion cancel = submit(new Completion().prepCancel(t));
        loop().run(RunMode.UNTIL_DONE);
        rec().assertOnce(t, -Errno.ECANCELED);
        rec().assertOnce(cancel, 0);
    }

    @Test
    default void twoCancelsOfOneRecvExactlyOneWins() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(8), 0));
        spin(2);
        Completion c1 = submit(new Completion().prepCancel(recv));
        Completion c2 = submit(new Completion().prepCancel(recv));
        loop().run(RunMode.UNTIL_DONE);
        rec().assertOnce(recv, -Errno.ECANCELED);
        rec().assertOnce(c1);
        rec().assertOnce(c2);
        int r1 = rec().result(c1);
        int r2 = rec().result(c2);
        assertEquals(1, (r1 == 0 ? 1 : 0) + (r2 == 0 ? 1 : 0),
                "exactly one cancel wins: " + CallbackRecorder.describe(r1) + ", " + CallbackRecorder.describe(r2));
        int loser = r1 == 0 ? r2 : r1;
        assertTrue(loser == -Errno.ENOENT || loser == -Errno.EALREADY, CallbackRecorder.describe(loser));
    }

    @Test
    default void cancelRacingARecvExactlyOneWins() throws IOException {
        Conn c = connectPair();
        MemorySegment one = segment(new byte[] {7});
        int sent = 0;
        int received = 0;
        for (int i = 0; i < 300; i++) {
            int mode = i % 3; // 0: data already there, 1: data sent in the same turn, 2: no data
            if (mode == 0) {
                awaitOk(new Completion().prepSend(c.client(), one, 0));
                sent++;
            }
            int outstandingBefore = sent - received;
            Completion recv = submit(new Completion().prepRecv(c.server(), buffer(1), 0));
            Completion send = null;
            if (mode == 1) {
                send = submit(new Completion().prepSend(c.client(), one, 0));
                sent++;
            }
            Completion cancel = submit(new Completion().prepCancel(recv));
            if (send == null) {
                runUntil(recv, cancel);
            } else {
                runUntil(recv, cancel, send);
                rec().assertOnce(send, 1);
            }
            rec().assertOnce(recv);
            rec().assertOnce(cancel);
            int rr = rec().result(recv);
            int cr = rec().result(cancel);
            if (rr == -Errno.ECANCELED) {
                assertResult(0, cr, "iteration " + i + ": the recv was cancelled, so the cancel won");
            } else {
                assertResult(1, rr, "iteration " + i + ": recv");
                assertTrue(cr == -Errno.ENOENT || cr == -Errno.EALREADY,
                        "iteration " + i + ": the recv won, the cancel must fail, was "
                                + CallbackRecorder.describe(cr));
                received++;
            }
            if (mode == 2 && outstandingBefore == 0) {
                assertResult(-Errno.ECANCELED, rr, "iteration " + i + ": no data, so the cancel must win");
            }
        }
        while (received < sent) { // nothing was lost: the bytes of cancelled recvs are still in the socket
            assertEquals(1, await(new Completion().prepRecv(c.server(), buffer(1), 0)));
            received++;
        }
    }

    @Test
    default void cancelRacingFileReadsExactlyOneWins() throws IOException {
        Path path = dir().resolve("race.bin");
        Files.write(path, random(64 * 1024, 3));
        int fd = openFile(path, O_RDONLY, 0);
        List<Completion[]> pairs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Completion read = submit(new Completion().prepRead(fd, buffer(4096), 4096L * (i % 16)));
            pairs.add(new Completion[] {read, submit(new Completion().prepCancel(read))});
        }
        loop().run(RunMode.UNTIL_DONE);
        for (Completion[] p : pairs) {
            rec().assertOnce(p[0]);
            rec().assertOnce(p[1]);
            int rr = rec().result(p[0]);
            int cr = rec().result(p[1]);
            if (rr == -Errno.ECANCELED) {
                assertResult(0, cr, "the read was cancelled, so the cancel won");
            } else {
                assertResult(4096, rr, "read");
                assertTrue(cr == -Errno.ENOENT || cr == -Errno.EALREADY,
                        "the read won, the cancel must fail, was " + CallbackRecorder.describe(cr));
            }
        }
    }
}
