package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class NioBackendTest extends NioLoopFixture {
    @BeforeEach
    void setUp() {
        open(2);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    @Test
    void isTheNioBackend() {
        assertEquals("nio", loop.backendName());
    }

    @Test
    void tenThousandNopsInOneNoWaitRun() {
        int[] calls = new int[1];
        for (int i = 0; i < 10_000; i++) {
            loop.submit(new Completion().prepNop().callback((l, c, r) -> {
                calls[0] += r == 0 ? 1 : 1_000_000;
                return Action.DISARM;
            }));
        }
        assertEquals(10_000, loop.backend().inFlight());
        assertEquals(0, calls[0], "nothing is delivered from inside submit");
        loop.run(RunMode.NO_WAIT);
        assertEquals(10_000, calls[0]);
        assertEquals(0, loop.backend().inFlight());
    }

    @Test
    void rearmedNopRunsOncePerTurn() {
        int[] calls = new int[1];
        loop.submit(new Completion().prepNop().callback((l, c, r) -> ++calls[0] < 3 ? Action.REARM : Action.DISARM));
        loop.run(RunMode.NO_WAIT);
        assertEquals(1, calls[0], "a resubmission waits for the next poll");
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(3, calls[0]);
    }

    @Test
    void reusedCompletionKeepsItsBufferView() throws Exception {
        int[] p = connectedPair();
        MemorySegment out = bytes("ping");
        Completion send = new Completion();
        assertEquals(4, await(send.prepSend(p[2], out, 0)));
        ByteBuffer view = NioBackend.opOf(send).view(out);
        assertEquals(4, await(send.prepSend(p[2], out, 0)));
        assertSame(view, NioBackend.opOf(send).view(out), "same segment, same view: no allocation");
    }

    @Test
    void aSliceOfTheLastBufferReusesItsViewAndSendsOnlyTheSlice() throws Exception {
        int[] p = connectedPair();
        MemorySegment whole = bytes("0123456789");
        Completion send = new Completion();
        assertEquals(10, await(send.prepSend(p[2], whole, 0)));
        ByteBuffer view = NioBackend.opOf(send).view(whole);
        MemorySegment slice = whole.asSlice(3, 4);
        assertEquals(4, await(send.prepSend(p[2], slice, 0)));
        ByteBuffer sliced = NioBackend.opOf(send).view(slice);
        assertSame(view, sliced, "a slice of the cached segment reuses its view");
        assertEquals(3, sliced.position());
        assertEquals(7, sliced.limit());
        MemorySegment in = java.lang.foreign.Arena.ofAuto().allocate(14);
        int got = 0;
        while (got < 14) {
            int n = await(new Completion().prepRecv(p[1], in.asSlice(got), 0));
            assertTrue(n > 0, "recv " + n);
            got += n;
        }
        assertEquals("01234567893456", new String(in.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                java.nio.charset.StandardCharsets.US_ASCII), "the whole buffer, then only the slice, was sent");
        MemorySegment other = bytes("x");
        assertNotSame(view, NioBackend.opOf(send).view(other), "a segment outside the cached one gets its own view");
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockingPoll() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                polling.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.backend().wakeup();
        });
        polling.countDown();
        loop.backend().poll(-1); // returns once woken, with nothing delivered
        t.join();
    }

    @Test
    void closeWithOpsInFlightDeliversEachOnce() throws Exception {
        EventLoop other = EventLoop.builder().backend(BackendKind.NIO).filePoolThreads(1).build();
        EventLoop saved = loop;
        loop = other;
        try {
            int[] p = connectedPair();
            Recorder recv = submit(new Completion().prepRecv(p[1], arena.allocate(8), 0));
            Recorder accept = submit(new Completion().prepAccept(p[0]));
            Recorder poll = submit(new Completion().prepPoll(p[1], PollEvents.POLLIN));
            loop.run(RunMode.NO_WAIT);
            Recorder nop = submit(new Completion().prepNop()); // submitted, never polled
            Recorder stat = submit(new Completion().prepStatx(io.zokio.sys.OpenFlags.AT_FDCWD, "/",
                    0, new io.zokio.sys.FileStat()));
            loop.close();
            for (Recorder r : new Recorder[] {recv, accept, poll, nop, stat}) {
                assertEquals(1, r.calls);
            }
            assertEquals(-Errno.ECANCELED, recv.result);
            assertEquals(-Errno.ECANCELED, accept.result);
            assertEquals(-Errno.ECANCELED, poll.result);
            assertEquals(-Errno.ECANCELED, nop.result);
            assertEquals(-Errno.ECANCELED, stat.result);
            assertEquals(0, loop.backend().inFlight());
            assertThrows(IllegalStateException.class, () -> loop.submit(new Completion().prepNop().callback(
                    (l, c, r) -> Action.DISARM)));
        } finally {
            loop = saved;
        }
    }

    @Test
    void fileOpRunningAtCloseKeepsItsResult() throws Exception {
        // a file op already handed to the pool either runs (real result) or is cancelled, never lost
        Recorder stat = submit(new Completion().prepStatx(io.zokio.sys.OpenFlags.AT_FDCWD, "/", 0,
                new io.zokio.sys.FileStat()));
        loop.run(RunMode.NO_WAIT);
        loop.close();
        assertEquals(1, stat.calls);
        assertFalse(stat.result != 0 && stat.result != -Errno.ECANCELED, "result " + stat.result);
    }
}
