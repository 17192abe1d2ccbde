package io.zokio.loop;

import io.zokio.sys.Errno;
import io.zokio.sys.SockOpt;
import io.zokio.testing.TestClock;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link Backend} for loop tests. {@link Op#NOP} completes with 0 in the next {@link #poll};
 * every other operation stays pending until the test calls {@link #finish} (or it is cancelled, or the backend
 * closed). {@link Op#CANCEL} follows the backend contract: the pending target completes with {@code -ECANCELED}
 * and the cancel with 0, otherwise the cancel gets {@code -ENOENT}.
 *
 * <p>What a poll with nothing to deliver does when asked to wait is chosen by the test: by default it fails
 * the test (a loop that wants to block forever in a test that drives time by hand is a bug); with
 * {@link #sleepAdvances(TestClock)} it "sleeps" by advancing the manual clock by the wait; with
 * {@link #blocking()} it really blocks until {@link #wakeup()}.
 *
 * <p><b>Threading:</b> like every backend, loop-thread only except {@link #wakeup()} (and the counters, which are
 * atomic or read after the loop thread was joined).
 */
final class FakeBackend implements Backend {
    /** Every completion passed to submit, in order (a completion appears once per submission). */
    final List<Completion> submitted = new ArrayList<>();
    /** The waitNs of every poll, in order. */
    final List<Long> pollWaits = new ArrayList<>();
    final AtomicInteger wakeups = new AtomicInteger();
    int closeCalls;
    Thread loopThread;

    private final ArrayDeque<Completion> queued = new ArrayDeque<>();
    private final List<Completion> pending = new ArrayList<>();
    private final ArrayDeque<Completion> ready = new ArrayDeque<>();

    private TestClock sleepClock;
    private Runnable afterSleep;
    private boolean blocking;
    private final Semaphore wake = new Semaphore(0);
    /** Counted down each time a poll starts to block (blocking mode). */
    volatile CountDownLatch enteredBlockingPoll = new CountDownLatch(1);
    /** When set, a woken poll waits for this latch before it returns (blocking mode). */
    volatile CountDownLatch holdAfterWake;

    FakeBackend sleepAdvances(TestClock clock) {
        this.sleepClock = clock;
        return this;
    }

    /** In {@link #sleepAdvances} mode, runs {@code r} on the loop thread after each advance of the clock. */
    FakeBackend afterSleep(Runnable r) {
        this.afterSleep = r;
        return this;
    }

    FakeBackend blocking() {
        this.blocking = true;
        return this;
    }

    private final BackendFeatures features = new BackendFeatures("fake", "fake (loop tests)", false,
            BackendFeatures.Counters.NONE, new NoSockets(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());
    private BackendContext context;

    @Override
    public void attach(BackendContext context) {
        if (this.context != null) {
            throw new IllegalStateException("backend already attached to a loop");
        }
        this.context = context;
    }

    @Override
    public BackendFeatures features() {
        return features;
    }

    @Override
    public void submit(Completion c) {
        checkThread();
        if (c.op() == Op.TIMEOUT) {
            throw new AssertionError("the loop passed a TIMEOUT to the backend: " + c);
        }
        submitted.add(c);
        queued.add(c);
    }

    /** Completes a pending operation with {@code result}; delivered by the next poll. Loop thread. */
    void finish(Completion c, int result) {
        if (!pending.remove(c)) {
            throw new AssertionError("not pending in the fake backend: " + c);
        }
        c.result = result;
        ready.add(c);
    }

    boolean isPending(Completion c) {
        return pending.contains(c);
    }

    @Override
    public int poll(long waitNs) {
        checkThread();
        pollWaits.add(waitNs);
        process();
        if (ready.isEmpty() && waitNs != 0) {
            waitForSomething(waitNs);
        }
        int n = 0;
        Completion c;
        while ((c = ready.poll()) != null) {
            n++;
            context.deliver(c, c.result);
        }
        return n;
    }

    private void process() {
        Completion c;
        while ((c = queued.poll()) != null) {
            switch (c.op()) {
                case NOP -> {
                    c.result = 0;
                    ready.add(c);
                }
                case CANCEL -> {
                    Completion target = c.target();
                    if (pending.remove(target)) {
                        target.result = -Errno.ECANCELED;
                        ready.add(target);
                        c.result = 0;
                    } else {
                        c.result = -Errno.ENOENT;
                    }
                    ready.add(c);
                }
                default -> pending.add(c);
            }
        }
    }

    private void waitForSomething(long waitNs) {
        if (sleepClock != null && waitNs > 0) {
            sleepClock.advance(waitNs);
            if (afterSleep != null) {
                afterSleep.run();
            }
            return;
        }
        if (!blocking) {
            throw new AssertionError("the loop asked the backend to wait " + waitNs + " ns with nothing to deliver");
        }
        CountDownLatch entered = enteredBlockingPoll;
        entered.countDown();
        try {
            if (waitNs < 0) {
                wake.acquire();
            } else {
                wake.tryAcquire(waitNs, TimeUnit.NANOSECONDS);
            }
            CountDownLatch hold = holdAfterWake;
            if (hold != null) {
                hold.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while blocked in poll", e);
        }
    }

    @Override
    public void wakeup() {
        wakeups.incrementAndGet();
        wake.release();
    }

    @Override
    public int inFlight() {
        return queued.size() + pending.size() + ready.size();
    }

    @Override
    public void close() {
        closeCalls++;
        process();
        for (Completion c : pending) {
            c.result = -Errno.ECANCELED;
            ready.add(c);
        }
        pending.clear();
        Completion c;
        while ((c = ready.poll()) != null) {
            context.deliver(c, c.result);
        }
    }

    private void checkThread() {
        Thread t = Thread.currentThread();
        if (loopThread == null) {
            loopThread = t;
        } else if (loopThread != t) {
            throw new AssertionError("backend called from " + t.getName() + ", loop thread is " + loopThread.getName());
        }
    }

    // ---------------------------------------------------------------- socket calls: not used by loop tests

    private static final class NoSockets implements SocketCalls {
    @Override
    public int openUdpSocket(InetSocketAddress address) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int openTcpSocket(boolean ipv6) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setSocketOption(int fd, SockOpt option, int value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getSocketOption(int fd, SockOpt option) {
        throw new UnsupportedOperationException();
    }

    @Override
    public InetSocketAddress localAddress(int fd) {
        throw new UnsupportedOperationException();
    }

    @Override
    public InetSocketAddress remoteAddress(int fd) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void closeNow(int fd) {
        throw new UnsupportedOperationException();
    }
}
}
