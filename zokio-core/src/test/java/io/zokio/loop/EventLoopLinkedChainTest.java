package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.conformance.CallbackRecorder;
import io.zokio.sys.Errno;
import io.zokio.testing.TestClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * submitLinked on a loop that emulates chains (the fake backend has no native links): what it refuses, a chain
 * of one, and a vectored member whose full or short result lets the next member start or cancels it.
 */
@Timeout(10)
class EventLoopLinkedChainTest {
    private static final MemorySegment A = Arena.global().allocate(2);
    private static final MemorySegment B = Arena.global().allocate(3);

    private final FakeBackend backend = new FakeBackend();
    private final EventLoop loop = new EventLoop(backend, new TestClock(), IdleMode.POWER_SAVE);
    private final CallbackRecorder rec = new CallbackRecorder();

    private static Completion withCallback(Completion c) {
        return c.callback((l, cc, r) -> Action.DISARM);
    }

    @Test
    void refusesBadChainsAndSubmitsNothing() {
        assertThrows(IllegalArgumentException.class, () -> loop.submitLinked());
        Completion nop = withCallback(new Completion().prepNop());
        assertThrows(IllegalArgumentException.class, () -> loop.submitLinked(nop, nop), "the same member twice");
        assertThrows(IllegalStateException.class,
                () -> loop.submitLinked(nop, new Completion().prepNop()), "a member without a callback");
        assertThrows(IllegalArgumentException.class,
                () -> loop.submitLinked(nop, withCallback(new Completion().prepTimeout(1))), "not linkable");
        Completion running = withCallback(new Completion().prepRead(3, A, 0));
        loop.submit(running);
        assertThrows(IllegalStateException.class, () -> loop.submitLinked(nop, running), "already in flight");
        assertEquals(List.of(running), backend.submitted);
        assertFalse(nop.isActive());
        assertEquals(1, loop.active());
    }

    @Test
    void aClosedLoopRefusesChains() {
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.submitLinked(withCallback(new Completion().prepNop())));
        assertEquals("event loop is closed", e.getMessage());
    }

    @Test
    void aChainOfOneIsAPlainSubmit() {
        Completion read = new Completion().prepRead(3, A, 0);
        rec.submitLinked(loop, read);
        assertEquals(List.of(read), backend.submitted);
        loop.run(RunMode.NO_WAIT);
        backend.finish(read, 1);
        loop.run(RunMode.NO_WAIT);
        rec.assertOnce(read, 1);
    }

    @Test
    void aFullVectoredWriteStartsTheNextMember() {
        Completion writev = new Completion().prepWritev(3, new MemorySegment[] {A, B}, 0);
        Completion fsync = new Completion().prepFsync(3, 0);
        rec.submitLinked(loop, writev, fsync);
        loop.run(RunMode.NO_WAIT);
        assertEquals(List.of(writev), backend.submitted, "the next member waits for the first");
        backend.finish(writev, 5);
        loop.run(RunMode.NO_WAIT);
        rec.assertOnce(writev, 5);
        assertEquals(List.of(writev, fsync), backend.submitted);
        loop.run(RunMode.NO_WAIT); // the fake backend takes it in its next poll
        backend.finish(fsync, 0);
        loop.run(RunMode.NO_WAIT);
        rec.assertOnce(fsync, 0);
        assertEquals(0, loop.active());
    }

    @Test
    void aShortVectoredReadCancelsTheRest() {
        Completion readv = new Completion().prepReadv(3, new MemorySegment[] {A, B}, 0);
        Completion nop = new Completion().prepNop();
        Completion fsync = new Completion().prepFsync(3, 0);
        rec.submitLinked(loop, readv, nop, fsync);
        loop.run(RunMode.NO_WAIT);
        backend.finish(readv, 4);
        while (rec.outstanding() > 0) {
            loop.run(RunMode.NO_WAIT);
        }
        rec.assertOnce(readv, 4);
        rec.assertOnce(nop, -Errno.ECANCELED);
        rec.assertOnce(fsync, -Errno.ECANCELED);
        assertEquals(List.of(readv), backend.submitted, "nothing after the short read reached the backend");
        assertTrue(loop.active() == 0);
    }
}
