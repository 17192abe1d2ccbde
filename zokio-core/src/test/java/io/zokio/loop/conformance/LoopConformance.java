package io.zokio.loop.conformance;

import static io.zokio.sys.OpenFlags.O_CREAT;
import static io.zokio.sys.OpenFlags.O_RDONLY;
import static io.zokio.sys.OpenFlags.O_RDWR;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.Backend;
import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;
import io.zokio.loop.RunMode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link BackendConformanceTest}: the loop over a real backend. NOP floods and a tiny ring (flushed,
 * never failed), timers while I/O waits, throwing callbacks, close with work in flight (also from inside a
 * callback), execute() and stop() from other threads waking a loop that waits in the kernel.
 */
interface LoopConformance extends ConformanceContext {

    @Test
    default void backendIsTheOneAskedFor() {
        assertEquals(switch (kind()) {
            case IO_URING -> "io_uring";
            case NIO -> "nio";
            case AUTO -> loop().backendName();
        }, loop().backendName());
    }

    @Test
    default void nopCompletesWithZero() {
        Completion nop = submit(new Completion().prepNop());
        assertEquals(1, loop().run(RunMode.UNTIL_DONE));
        rec().assertOnce(nop, 0);
        assertEquals(0, loop().active());
    }

    @Test
    default void tenThousandNopsSubmittedBetweenTurnsAreDeliveredByOneNoWaitRun() {
        List<Completion> nops = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            nops.add(submit(new Completion().prepNop()));
        }
        int n = loop().run(RunMode.NO_WAIT);
        assertEquals(10_000, rec().deliveries(), "callbacks after one run(NO_WAIT)");
        assertEquals(10_000, n);
        for (Completion c : nops) {
            rec().assertOnce(c, 0);
        }
    }

    @Test
    default void tenThousandNopsSubmittedInOneTurnAreDeliveredByThatNoWaitRun() {
        List<Completion> nops = new ArrayList<>();
        loop().execute(() -> {
            for (int i = 0; i < 10_000; i++) {
                nops.add(submit(new Completion().prepNop()));
            }
        });
        loop().run(RunMode.NO_WAIT);
        assertEquals(10_000, nops.size(), "the task ran in that turn");
        assertEquals(10_000, rec().deliveries(), "callbacks after one run(NO_WAIT)");
        for (Completion c : nops) {
            rec().assertOnce(c, 0);
        }
    }

    @Test
    default void fullSubmissionQueueIsFlushedNotFailed() throws IOException {
        replaceLoop(EventLoop.builder().ringEntries(8));
        Path path = dir().resolve("sq.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        List<Completion> nops = new ArrayList<>();
        List<Completion> writes = new ArrayList<>();
        // submitted from inside a callback: the backend is in the middle of delivering when its queue fills up
        submit(new Completion().prepNop(), (l, c, r) -> {
            for (int i = 0; i < 500; i++) {
                nops.add(submit(new Completion().prepNop()));
                byte[] rec8 = String.format("%07d\n", i).getBytes(StandardCharsets.US_ASCII);
                writes.add(submit(new Completion().prepWrite(fd, segment(rec8), 8L * i)));
            }
            return Action.DISARM;
        });
        loop().run(RunMode.UNTIL_DONE);
        assertEquals(500, nops.size());
        for (Completion c : nops) {
            rec().assertOnce(c, 0);
        }
        for (Completion c : writes) {
            rec().assertOnce(c, 8);
        }
        byte[] content = Files.readAllBytes(path);
        assertEquals(4000, content.length);
        for (int i = 0; i < 500; i++) {
            assertEquals(String.format("%07d\n", i), new String(content, 8 * i, 8, StandardCharsets.US_ASCII));
        }
    }

    @Test
    default void moreOperationsInFlightThanRingEntries() throws IOException {
        replaceLoop(EventLoop.builder().ringEntries(8));
        final int n = 40;
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(connectPair());
        }
        List<Completion> recvs = new ArrayList<>();
        List<MemorySegment> bufs = new ArrayList<>();
        for (Conn c : conns) {
            MemorySegment b = buffer(8);
            bufs.add(b);
            recvs.add(submit(new Completion().prepRecv(c.server(), b, 0)));
        }
        spin(3);
        for (Completion r : recvs) {
            assertEquals(0, rec().count(r), "no data yet");
        }
        List<Completion> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sends.add(submit(new Completion().prepSend(conns.get(i).client(), segment(new byte[] {(byte) i}), 0)));
        }
        loop().run(RunMode.UNTIL_DONE); // 80 completions arrive together: more than the completion queue holds
        for (int i = 0; i < n; i++) {
            rec().assertOnce(sends.get(i), 1);
            rec().assertOnce(recvs.get(i), 1);
            assertEquals(i, bufs.get(i).get(ValueLayout.JAVA_BYTE, 0));
        }
    }

    @Test
    default void timeoutFiresOnceAndNotEarly() {
        long durationNs = TimeUnit.MILLISECONDS.toNanos(2);
        long[] firedAt = {-1};
        long submittedAt = loop().now();
        Completion t = submit(new Completion().prepTimeout(durationNs), (l, c, r) -> {
            firedAt[0] = l.now();
            return Action.DISARM;
        });
        loop().run(RunMode.UNTIL_DONE);
        rec().assertOnce(t, 0);
        assertTrue(firedAt[0] >= submittedAt + durationNs, "fired before its deadline");
    }

    @Test
    default void timerFiresWhileIoIsPending() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(16), 0));
        Completion t = submit(new Completion().prepTimeout(TimeUnit.MILLISECONDS.toNanos(1)));
        runUntil(t); // the backend's wait must end at the timer's deadline
        rec().assertOnce(t, 0);
        assertEquals(0, rec().count(recv));
        Completion cancel = submit(new Completion().prepCancel(recv));
        runUntil(recv, cancel);
        rec().assertOnce(recv, -Errno.ECANCELED);
        rec().assertOnce(cancel, 0);
    }

    @Test
    default void throwingCallbacksDoNotLoseTheRestOfTheBatch() {
        List<Completion> nops = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int k = i;
            nops.add(submit(new Completion().prepNop(), (l, c, r) -> {
                if (k % 10 == 0) {
                    throw new IllegalStateException("callback failure " + k + " (expected by the test)");
                }
                return Action.DISARM;
            }));
        }
        loop().run(RunMode.UNTIL_DONE);
        for (Completion c : nops) {
            rec().assertOnce(c, 0);
        }
        assertEquals(10, loop().callbackFailures());
    }

    @Test
    default void closeWithOperationsPendingDeliversEachExactlyOnce() throws IOException {
        List<Completion> pending = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Conn c = connectPair();
            pending.add(submit(new Completion().prepRecv(c.server(), buffer(64), 0)));
            pending.add(submit(new Completion().prepRecv(c.client(), buffer(64), 0)));
            pending.add(submit(new Completion().prepPoll(c.server(), PollEvents.POLLIN)));
            pending.add(submit(new Completion().prepAccept(c.listener())));
        }
        pending.add(submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1))));
        spin(3);
        for (Completion p : pending) {
            assertEquals(0, rec().count(p), "still pending before close: " + p);
        }
        Completion queuedNop = submit(new Completion().prepNop()); // submitted, not yet seen by the backend
        loop().close();
        for (Completion p : pending) {
            rec().assertOnce(p, -Errno.ECANCELED);
        }
        rec().assertOnce(queuedNop);
        assertEquals(0, loop().active());
        rec().assertAllDelivered();
    }

    @Test
    default void closeWithFileOperationsInFlightDeliversEachExactlyOnce() throws IOException {
        Path path = dir().resolve("close.bin");
        Files.write(path, random(256 * 1024, 4));
        int fd = openFile(path, O_RDONLY, 0);
        List<Completion> reads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            reads.add(submit(new Completion().prepRead(fd, buffer(64 * 1024), 64L * 1024 * (i % 4))));
        }
        loop().run(RunMode.NO_WAIT);
        loop().close();
        for (Completion r : reads) {
            rec().assertOnce(r);
            int res = rec().result(r);
            assertTrue(res == 64 * 1024 || res == -Errno.ECANCELED,
                    "a read ends with its real result or -ECANCELED: " + CallbackRecorder.describe(res));
        }
    }

    @Test
    default void closeFromInsideACallbackDeliversEverythingOnce() throws IOException {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(8), 0));
        Completion timer = submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1)));
        Completion accept = submit(new Completion().prepAccept(c.listener()));
        spin(2);
        Completion closer = submit(new Completion().prepNop(), (l, cc, r) -> {
            l.close();
            return Action.REARM; // ignored: the loop is closed
        });
        loop().run(RunMode.UNTIL_DONE);
        assertTrue(loop().isClosed());
        rec().assertOnce(closer, 0);
        rec().assertOnce(recv, -Errno.ECANCELED);
        rec().assertOnce(timer, -Errno.ECANCELED);
        rec().assertOnce(accept, -Errno.ECANCELED);
        assertEquals(0, loop().active());
    }

    @Test
    default void executeFromAnotherThreadWakesTheBlockedLoop() throws Exception {
        replaceLoop(EventLoop.builder().idleMode(IdleMode.POWER_SAVE)); // block in the kernel at once
        Conn c = connectPair();
        // a recv that never completes keeps the loop waiting without a deadline
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(16), 0));
        final int rounds = 200;
        Semaphore next = new Semaphore(0);
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Thread> wrongThread = new AtomicReference<>();
        Thread loopThread = Thread.currentThread();
        List<Completion> cancel = new ArrayList<>();
        Thread producer = Thread.ofPlatform().name("producer").start(() -> {
            for (int i = 0; i < rounds; i++) {
                next.acquireUninterruptibly();
                loop().execute(() -> {
                    if (Thread.currentThread() != loopThread) {
                        wrongThread.set(Thread.currentThread());
                    }
                    if (ran.incrementAndGet() < rounds) {
                        next.release(); // the loop goes back to waiting; the producer races it
                    } else {
                        cancel.add(submit(new Completion().prepCancel(recv)));
                    }
                });
            }
        });
        next.release();
        loop().run(RunMode.UNTIL_DONE);
        producer.join();
        assertEquals(rounds, ran.get());
        assertSame(null, wrongThread.get(), "tasks run on the loop thread");
        rec().assertOnce(recv, -Errno.ECANCELED);
        rec().assertOnce(cancel.getFirst(), 0);
    }

    @Test
    default void stopFromAnotherThreadEndsRun() throws Exception {
        replaceLoop(EventLoop.builder().idleMode(IdleMode.POWER_SAVE));
        Completion t = submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1)));
        Semaphore started = new Semaphore(0);
        submit(new Completion().prepNop(), (l, cc, r) -> {
            started.release();
            return Action.DISARM;
        });
        Thread stopper = Thread.ofPlatform().start(() -> {
            started.acquireUninterruptibly();
            loop().stop();
        });
        loop().run(RunMode.UNTIL_DONE); // returns only because of stop(): the timer is an hour away
        stopper.join();
        assertEquals(0, rec().count(t));
        assertTrue(t.isActive());
    }

    @Test
    default void executeFromManyThreadsRunsEveryTaskOnceWhileIoIsPending() throws Exception {
        replaceLoop(EventLoop.builder().idleMode(IdleMode.POWER_SAVE));
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(16), 0));
        final int threads = 4;
        final int perThread = 5_000;
        int[] ran = new int[threads * perThread];
        int[] total = {0};
        Thread loopThread = Thread.currentThread();
        AtomicReference<Thread> wrongThread = new AtomicReference<>();
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    loop().execute(() -> {
                        if (Thread.currentThread() != loopThread) {
                            wrongThread.set(Thread.currentThread());
                        }
                        ran[id]++;
                        if (++total[0] == threads * perThread) {
                            submit(new Completion().prepCancel(recv));
                        }
                    });
                }
            }));
        }
        loop().run(RunMode.UNTIL_DONE);
        for (Thread p : producers) {
            p.join();
        }
        assertSame(null, wrongThread.get());
        for (int i = 0; i < ran.length; i++) {
            assertEquals(1, ran[i], "task " + i);
        }
        rec().assertOnce(recv, -Errno.ECANCELED);
    }

    @Test
    default void closeOnAnotherThreadAfterTheLoopThreadEnded() throws Exception {
        // the loop is not bound yet: the thread below becomes its loop thread, and ends
        AtomicReference<Completion> recv = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loopThread = Thread.ofPlatform().name("other-loop-thread").start(() -> {
            try {
                Conn pair = connectPair();
                recv.set(submit(new Completion().prepRecv(pair.server(), buffer(16), 0)));
                spin(3);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        loopThread.join();
        if (failure.get() != null) {
            throw new AssertionError("loop thread failed", failure.get());
        }
        assertEquals(0, rec().count(recv.get()));
        loop().close(); // from this thread: allowed once no thread runs the loop
        rec().assertOnce(recv.get(), -Errno.ECANCELED);
    }

    @Test
    default void backendCountsWhatIsInFlight() throws IOException {
        Conn c = connectPair();
        assertEquals(0, loop().backend().inFlight(), "nothing submitted");
        List<Completion> recvs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            recvs.add(submit(new Completion().prepRecv(c.server(), buffer(8), 0)));
        }
        Completion nop = submit(new Completion().prepNop());
        submit(new Completion().prepTimeout(TimeUnit.HOURS.toNanos(1))); // the loop's, not the backend's
        assertEquals(4, loop().backend().inFlight(), "submitted and not delivered, before any poll");
        spin(2);
        rec().assertOnce(nop, 0);
        assertEquals(3, loop().backend().inFlight());
        assertEquals(4, loop().active(), "three recvs and the timer");
        for (Completion r : recvs) {
            submit(new Completion().prepCancel(r));
        }
        runUntil(recvs.toArray(new Completion[0]));
        spin(1);
        assertEquals(0, loop().backend().inFlight());
        assertEquals(1, loop().active());
    }

    @Test
    default void backendWakeupEndsAWaitingPoll() throws Exception {
        Conn c = connectPair();
        Completion recv = submit(new Completion().prepRecv(c.server(), buffer(8), 0)); // keeps the backend busy
        spin(2);
        Backend backend = loop().backend();
        assertEquals(0, backend.poll(1_000_000), "a timed wait with nothing to deliver returns 0");
        backend.wakeup();
        assertEquals(0, backend.poll(-1), "a wakeup before the wait makes the next wait return");
        CountDownLatch aboutToWait = new CountDownLatch(1);
        Thread waker = Thread.ofPlatform().start(() -> {
            try {
                aboutToWait.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            backend.wakeup();
        });
        aboutToWait.countDown();
        assertEquals(0, backend.poll(-1), "a wakeup from another thread ends the wait");
        waker.join();
        Completion cancel = submit(new Completion().prepCancel(recv));
        runUntil(recv, cancel);
        rec().assertOnce(recv, -Errno.ECANCELED);
    }

    @Test
    default void everyIdleModeWaitsForTimersAndIo() throws IOException {
        for (IdleMode mode : IdleMode.values()) {
            replaceLoop(EventLoop.builder().idleMode(mode));
            Conn c = connectPair();
            Completion recv = submit(new Completion().prepRecv(c.server(), buffer(8), 0));
            Completion timer = submit(new Completion().prepTimeout(TimeUnit.MILLISECONDS.toNanos(1)));
            runUntil(timer);
            rec().assertOnce(timer, 0);
            awaitOk(new Completion().prepSend(c.client(), segment(new byte[] {5}), 0));
            runUntil(recv);
            rec().assertOnce(recv, 1);
        }
    }
}
