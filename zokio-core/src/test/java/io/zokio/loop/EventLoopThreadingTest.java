package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.conformance.CallbackRecorder;
import io.zokio.sys.Errno;
import io.zokio.testing.TestClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loop's cross-thread surface over a {@link FakeBackend} whose poll really blocks until
 * {@link Backend#wakeup()}: execute() and stop() from other threads, the wakeup gate, loop-thread binding.
 * No test sleeps: each waits on the latch the fake counts down when the loop blocks in poll.
 */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopThreadingTest {
    private final FakeBackend backend = new FakeBackend().blocking();
    private final EventLoop loop = new EventLoop(backend, new TestClock(), IdleMode.POWER_SAVE);
    private final AtomicReference<Throwable> loopFailure = new AtomicReference<>();
    private Thread loopThread;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (loopThread != null) {
            loop.stop();
            loopThread.join(10_000);
            assertFalse(loopThread.isAlive(), "loop thread did not end");
        }
        if (loopFailure.get() != null) {
            throw new AssertionError("loop thread failed", loopFailure.get());
        }
    }

    /** Starts a loop thread that submits a never-finishing read (so the loop has work and blocks), then runs. */
    private Completion startBlockedLoop(RunMode mode, AtomicInteger runResult) throws InterruptedException {
        Completion read = new Completion().prepRead(7, Buffers.native16(), 0);
        CountDownLatch submitted = new CountDownLatch(1);
        loopThread = Thread.ofPlatform().name("test-loop").start(() -> {
            try {
                loop.submit(read.callback((l, c, r) -> Action.DISARM));
                submitted.countDown();
                int n = loop.run(mode);
                if (runResult != null) {
                    runResult.set(n);
                }
            } catch (Throwable t) {
                loopFailure.set(t);
                submitted.countDown();
            }
        });
        submitted.await();
        backend.enteredBlockingPoll.await();
        return read;
    }

    @Test
    void executeFromAnotherThreadRunsOnTheLoopThreadAndWakesABlockedPoll() throws Exception {
        Completion read = startBlockedLoop(RunMode.UNTIL_DONE, null);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CallbackRecorder rec = new CallbackRecorder();
        Completion[] cancel = new Completion[1];
        loop.execute(() -> {
            ranOn.set(Thread.currentThread());
            cancel[0] = rec.submit(loop, new Completion().prepCancel(read));
        });
        loopThread.join(10_000);
        assertFalse(loopThread.isAlive(), "UNTIL_DONE returns once the cancelled read completed");
        assertSame(loopThread, ranOn.get());
        assertEquals(1, backend.wakeups.get());
        assertEquals(-Errno.ECANCELED, read.result());
        assertEquals(0, cancel[0].result());
        loopThread = null;
    }

    @Test
    void manyExecutesWhileBlockedCostOneWakeup() throws Exception {
        backend.holdAfterWake = new CountDownLatch(1);
        AtomicInteger runResult = new AtomicInteger(-1);
        startBlockedLoop(RunMode.UNTIL_DONE, runResult);
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            int k = i;
            loop.execute(() -> {
                if (ran.getAndIncrement() != k) {
                    throw new AssertionError("tasks out of order");
                }
                if (k == 99) {
                    loop.stop();
                }
            });
        }
        assertEquals(1, backend.wakeups.get(), "only the producer that wins the gate calls wakeup()");
        backend.holdAfterWake.countDown();
        loopThread.join(10_000);
        assertFalse(loopThread.isAlive());
        assertEquals(100, ran.get());
        assertEquals(0, loop.callbackFailures());
        assertEquals(100, runResult.get());
        loopThread = null;
    }

    @Test
    void stopFromAnotherThreadWakesTheLoopAndRunReturns() throws Exception {
        Completion read = startBlockedLoop(RunMode.UNTIL_DONE, null);
        loop.stop();
        loopThread.join(10_000);
        assertFalse(loopThread.isAlive(), "run(UNTIL_DONE) returns after stop()");
        assertTrue(read.isActive(), "stop does not cancel work");
        assertEquals(1, backend.wakeups.get());
        loopThread = null;
        // the loop can be closed from another thread once nobody runs it; the read is cancelled then
        loop.close();
        assertEquals(-Errno.ECANCELED, read.result());
    }

    @Test
    void executeWhileTheLoopIsNotBlockedDoesNotCallWakeup() throws Exception {
        CallbackRecorder rec = new CallbackRecorder();
        AtomicInteger ran = new AtomicInteger();
        // the loop is not running at all
        loop.execute(ran::incrementAndGet);
        assertEquals(0, backend.wakeups.get());
        // the loop is busy running a callback while another thread executes
        rec.submit(loop, new Completion().prepNop(), (l, c, r) -> {
            Thread producer = Thread.ofPlatform().start(() -> l.execute(ran::incrementAndGet));
            try {
                producer.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return Action.DISARM;
        });
        loop.run(RunMode.UNTIL_DONE);
        assertEquals(2, ran.get());
        assertEquals(0, backend.wakeups.get(), "a busy loop is never woken by syscall");
        // and a wakeup() call on an idle, non-sleeping loop does nothing either
        loop.wakeup();
        assertEquals(0, backend.wakeups.get());
    }

    @Test
    void loopBindsToItsFirstThread() throws Exception {
        CallbackRecorder rec = new CallbackRecorder();
        rec.submit(loop, new Completion().prepNop()); // binds to this thread
        AtomicReference<Throwable> submitError = new AtomicReference<>();
        AtomicReference<Throwable> runError = new AtomicReference<>();
        Thread other = Thread.ofPlatform().name("intruder").start(() -> {
            Completion c = new Completion().prepNop().callback((l, cc, r) -> Action.DISARM);
            try {
                loop.submit(c);
            } catch (Throwable t) {
                submitError.set(t);
            }
            try {
                loop.run(RunMode.NO_WAIT);
            } catch (Throwable t) {
                runError.set(t);
            }
        });
        other.join();
        for (Throwable t : new Throwable[] {submitError.get(), runError.get()}) {
            assertTrue(t instanceof IllegalStateException, String.valueOf(t));
            assertTrue(t.getMessage().contains("bound to thread " + Thread.currentThread().getName()),
                    t.getMessage());
        }
        loop.run(RunMode.UNTIL_DONE);
        rec.assertAllDelivered();
    }

    @Test
    void closeFromAnotherThreadWhileRunningIsRejected() throws Exception {
        startBlockedLoop(RunMode.UNTIL_DONE, null);
        IllegalStateException e = assertThrows(IllegalStateException.class, loop::close);
        assertTrue(e.getMessage().contains("test-loop"), e.getMessage());
        assertFalse(loop.isClosed());
        loop.stop();
        loopThread.join(10_000);
        assertFalse(loopThread.isAlive());
        loopThread = null;
        loop.close();
        assertTrue(loop.isClosed());
    }
}
