package io.zokio.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.Zokio;
import io.zokio.fs.AsyncFile;
import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Scheduled;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * <b>Threading:</b> {@link #run} on the test's platform thread; the counters are updated from tasks and loop
 * callbacks (atomics) and read after {@code close()} returned, which joined every worker.
 *
 * <p>One shutdown-under-load cycle: a runtime with, in flight at once, {@code connections} accepted TCP streams
 * each with a read pending (half echo loops in virtual-thread tasks, half {@code readAsync}, all with a
 * one-hour read timeout, i.e. a loop timer each; every 200th client floods 256 KiB without reading, so that
 * some echo tasks are parked in writes), {@value #FILE_CHAINS} chains of asynchronous file reads and
 * writes (each re-issues its next operation from the completion of the last), {@value #SCHEDULED}
 * {@code schedule} timers, {@value #SLEEPERS} tasks in {@code Zokio.sleep} and {@value #TIMEOUTS} tasks in
 * {@code rt.timeout} around a sleeping task (two timers and two tasks each): 100,000 runtime timers. Then
 * {@code close()}; every operation must have completed exactly once (a result, or a cancellation or closed
 * exception). A "closer" task does what a well-behaved application does when cancelled: closes its listeners,
 * its async-style streams and its files (the blocking-style tasks close their streams with try-with-resources).
 */
final class LoadCycle {
    static final int FILE_CHAINS = 1_000;
    static final int SCHEDULED = 80_000;
    static final int SLEEPERS = 10_000;
    static final int TIMEOUTS = 5_000;
    static final int FILES = 8;
    static final int FILE_BYTES = 1 << 20;
    static final int OP_BYTES = 4096;
    private static final Duration LONG = Duration.ofHours(1);

    private final BackendKind backend;
    private final PeerProcess peer;
    private final int connections;
    private final Path[] paths;

    /** Figures of the last {@link #run}. */
    long setupNs;
    long closeNs;
    private boolean graceful;
    final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

    LoadCycle(BackendKind backend, PeerProcess peer, int connections, Path[] paths) {
        this.backend = backend;
        this.peer = peer;
        this.connections = connections;
        this.paths = paths;
    }

    private void outcome(String what, Throwable e) {
        String k = what + ":" + (e == null ? "result" : e.getClass().getSimpleName());
        outcomes.computeIfAbsent(k, x -> new LongAdder()).increment();
    }

    /** One cycle: odd cycles close gracefully (a 100 ms grace, then cancel), even ones with shutdownNow(). */
    void run(int cycle) throws Exception {
        outcomes.clear();
        long t0 = System.nanoTime();
        graceful = cycle % 2 == 1;
        Runtime rt = Runtime.builder().workers(2).backend(backend).shutdownGrace(Duration.ofMillis(100))
                .blockedThreshold(Duration.ofSeconds(5)).threadNamePrefix("zokio-rel-").build();
        Arena buffers = Arena.ofShared(); // file-op buffers: freed only after close(), i.e. after every completion
        boolean closed = false;
        try {
            runOn(rt, buffers, t0);
            closed = true;
        } finally {
            if (!closed) {
                rt.shutdownNow();
            }
            buffers.close();
        }
    }

    private void runOn(Runtime rt, Arena buffers, long t0) throws Exception {
        List<Task<?>> tasks = new ArrayList<>();
        // ---- connections
        AtomicIntegerArray connDone = new AtomicIntegerArray(connections);
        AtomicInteger connIds = new AtomicInteger();
        CountDownLatch reading = new CountDownLatch(connections);
        Queue<TcpStream> asyncStreams = new ConcurrentLinkedQueue<>();
        Queue<Task<?>> connTasks = new ConcurrentLinkedQueue<>();
        List<TcpListener> listeners = new ArrayList<>();
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        for (int w = 0; w < rt.workers(); w++) {
            listeners.add(TcpListener.bind(rt, any, TcpListener.Options.defaults().backlog(4096).worker(w)));
        }
        AtomicInteger acceptEnds = new AtomicInteger();
        for (TcpListener l : listeners) {
            l.acceptEach(s -> {
                int id = connIds.getAndIncrement();
                if (id >= connections) { // never: the peer opens exactly that many
                    outcome("conn-extra", null);
                    closeQuietly(s::close, "extra");
                    return;
                }
                if (id % 2 == 0) {
                    connTasks.add(rt.spawn(() -> blockingRead(s, id, reading, connDone)));
                } else {
                    asyncStreams.add(s);
                    s.readAsync(ByteBuffer.allocateDirect(16), LONG).whenComplete((n, e) -> {
                        connDone.incrementAndGet(id);
                        outcome("conn-async", e);
                    });
                    reading.countDown();
                }
            }).whenComplete((v, e) -> {
                acceptEnds.incrementAndGet();
                outcome("accept", e);
            });
        }
        int perListener = connections / listeners.size();
        for (int w = 0; w < listeners.size(); w++) {
            int n = w == listeners.size() - 1 ? connections - perListener * w : perListener;
            assertNull(peer.connect(listeners.get(w).port(), n, 16));
        }
        reading.await();
        // every 200th client floods 256 KiB and never reads: some server tasks end up parked in writes
        String[] flood = peer.command("flood 200 262144");
        outcome("conn-flooded:" + flood[1], null);

        // ---- files
        AsyncFile[] files = new AsyncFile[FILES];
        for (int i = 0; i < FILES; i++) {
            Path p = paths[i];
            files[i] = rt.blockOn(() -> AsyncFile.open(rt, p, StandardOpenOption.READ, StandardOpenOption.WRITE));
        }
        FileChains chains = new FileChains(files, buffers);
        chains.start();
        chains.firstDone.await();

        // ---- timers
        AtomicIntegerArray fired = new AtomicIntegerArray(SCHEDULED);
        Scheduled[] handles = new Scheduled[SCHEDULED];
        for (int i = 0; i < SCHEDULED; i++) {
            int id = i;
            Duration d = i % 16 == 0 ? Duration.ofMillis(i % 50) : LONG; // a few fire before the close
            handles[i] = rt.schedule(d, () -> fired.incrementAndGet(id));
        }
        AtomicIntegerArray sleepDone = new AtomicIntegerArray(SLEEPERS);
        CountDownLatch sleeping = new CountDownLatch(SLEEPERS);
        for (int i = 0; i < SLEEPERS; i++) {
            int id = i;
            tasks.add(rt.spawn(() -> {
                sleeping.countDown();
                try {
                    Zokio.sleep(LONG);
                    outcome("sleep", null);
                } catch (Throwable e) {
                    outcome("sleep", e);
                } finally {
                    sleepDone.incrementAndGet(id);
                }
                return null;
            }));
        }
        AtomicIntegerArray outerDone = new AtomicIntegerArray(TIMEOUTS);
        AtomicIntegerArray innerDone = new AtomicIntegerArray(TIMEOUTS);
        CountDownLatch timing = new CountDownLatch(2 * TIMEOUTS);
        for (int i = 0; i < TIMEOUTS; i++) {
            int id = i;
            tasks.add(rt.spawn(() -> {
                timing.countDown();
                try {
                    rt.timeout(LONG, () -> {
                        timing.countDown();
                        try {
                            Zokio.sleep(LONG);
                        } finally {
                            innerDone.incrementAndGet(id);
                        }
                        return null;
                    });
                    outcome("timeout", null);
                } catch (Throwable e) {
                    outcome("timeout", e);
                } finally {
                    outerDone.incrementAndGet(id);
                }
                return null;
            }));
        }
        Task<Void> closer = rt.spawn(() -> closeWhenCancelled(listeners, asyncStreams, files, chains));
        sleeping.await();
        timing.await();
        setupNs = System.nanoTime() - t0;

        // ---- close under load
        long c0 = System.nanoTime();
        if (graceful) {
            rt.close();
        } else {
            rt.shutdownNow();
        }
        closeNs = System.nanoTime() - c0;

        // ---- exactly once, nothing lost
        assertTrue(rt.isClosed());
        assertTrue(closer.isDone(), "closer task ended");
        assertEquals(connections, connIds.get(), "accepted connections");
        for (Task<?> t : connTasks) {
            assertTrue(t.isDone(), "connection task ended");
        }
        for (Task<?> t : tasks) {
            assertTrue(t.isDone(), "task ended");
        }
        assertEquals(listeners.size(), acceptEnds.get(), "each multishot accept ended once");
        for (int i = 0; i < connections; i++) {
            assertEquals(1, connDone.get(i), "completions of the read of connection " + i);
        }
        for (int i = 0; i < SLEEPERS; i++) {
            assertEquals(1, sleepDone.get(i), "completions of sleeper " + i);
        }
        for (int i = 0; i < TIMEOUTS; i++) {
            assertEquals(1, outerDone.get(i), "completions of timeout " + i);
            assertEquals(1, innerDone.get(i), "completions of the task under timeout " + i);
        }
        int firedCount = 0;
        for (int i = 0; i < SCHEDULED; i++) {
            Scheduled h = handles[i];
            if (h.isFired()) {
                assertEquals(1, fired.get(i), "runs of fired scheduled action " + i);
                firedCount++;
            } else {
                // abandoned at shutdown: never ran, cannot be cancelled any more
                assertEquals(0, fired.get(i), "runs of unfired scheduled action " + i);
                assertFalse(h.isCancelled(), "scheduled " + i + " was not cancelled");
                assertFalse(h.cancel(), "an abandoned action cannot be cancelled after close");
            }
        }
        outcomes.computeIfAbsent("scheduled:fired", x -> new LongAdder()).add(firedCount);
        outcomes.computeIfAbsent("scheduled:abandoned", x -> new LongAdder()).add(SCHEDULED - firedCount);
        chains.assertExactlyOnce();
        outcomes.computeIfAbsent("file:ops", x -> new LongAdder()).add(chains.totalIssued());
        String[] closedAnswer = peer.command("close");
        assertEquals(String.valueOf(connections), closedAnswer[1], "client ends closed by the peer");
    }

    /** An echo loop: a read in flight, or a write parked when the peer floods this connection without reading. */
    private Void blockingRead(TcpStream s, int id, CountDownLatch reading, AtomicIntegerArray done) {
        try (s) {
            reading.countDown();
            ByteBuffer buf = ByteBuffer.allocateDirect(4096);
            while (s.read(buf, LONG) >= 0) {
                buf.flip();
                s.writeAll(buf);
                buf.clear();
            }
            outcome("conn-blocking", null);
        } catch (Throwable e) {
            outcome("conn-blocking", e);
        } finally {
            done.incrementAndGet(id);
        }
        return null;
    }

    /** What an application's owner task does when the runtime cancels it: closes what it opened. */
    private Void closeWhenCancelled(List<TcpListener> listeners, Queue<TcpStream> streams, AsyncFile[] files,
            FileChains chains) {
        try {
            Zokio.sleep(LONG);
        } catch (Throwable cancelled) {
            // expected: shutdown interrupts this task
        }
        Thread.interrupted(); // the closes below wait for their descriptors: they must not see the cancel's interrupt
        chains.stop();
        for (TcpListener l : listeners) {
            closeQuietly(l::close, "listener");
        }
        for (TcpStream s : streams) {
            closeQuietly(s::close, "stream");
        }
        for (AsyncFile f : files) {
            closeQuietly(f::close, "file");
        }
        return null;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void closeQuietly(IoAction a, String what) {
        try {
            a.run();
        } catch (IOException | RuntimeException e) {
            outcome("close-" + what, e);
        }
    }

    /**
     * {@value LoadCycle#FILE_CHAINS} chains: each has one operation in flight at a time and issues the next from
     * the completion of the last, until stopped or an operation fails. Per chain, {@code completed} must equal
     * {@code issued} at the end, and the n-th completion must be that of the n-th operation.
     */
    final class FileChains {
        private final AsyncFile[] files;
        private final MemorySegment[] bufs = new MemorySegment[FILE_CHAINS];
        private final AtomicIntegerArray issued = new AtomicIntegerArray(FILE_CHAINS);
        private final AtomicIntegerArray completed = new AtomicIntegerArray(FILE_CHAINS);
        private final AtomicInteger misordered = new AtomicInteger();
        final CountDownLatch firstDone = new CountDownLatch(FILE_CHAINS);
        private volatile boolean stopped;

        FileChains(AsyncFile[] files, Arena arena) {
            this.files = files;
            for (int i = 0; i < FILE_CHAINS; i++) {
                bufs[i] = arena.allocate(OP_BYTES, 4096);
            }
        }

        void start() {
            for (int i = 0; i < FILE_CHAINS; i++) {
                issue(i);
            }
        }

        void stop() {
            stopped = true;
        }

        private void issue(int chain) {
            if (stopped) {
                return;
            }
            int seq = issued.incrementAndGet(chain);
            AsyncFile f = files[chain % FILES];
            long pos = (long) ((chain / FILES + seq) % (FILE_BYTES / OP_BYTES)) * OP_BYTES;
            CompletionStage<Integer> st;
            try {
                st = seq % 2 == 0 ? f.writeAsync(bufs[chain], pos) : f.readAsync(bufs[chain], pos);
            } catch (RuntimeException e) {
                done(chain, seq, e); // a synchronous refusal is that operation's one outcome
                return;
            }
            st.whenComplete((n, e) -> {
                if (done(chain, seq, e)) {
                    issue(chain);
                }
            });
        }

        /** Counts one completion; true if the chain goes on. */
        private boolean done(int chain, int seq, Throwable e) {
            if (completed.incrementAndGet(chain) != seq) {
                misordered.incrementAndGet();
            }
            if (seq == 1) {
                firstDone.countDown();
            }
            outcome("file", e);
            return e == null;
        }

        long totalIssued() {
            long t = 0;
            for (int i = 0; i < FILE_CHAINS; i++) {
                t += issued.get(i);
            }
            return t;
        }

        void assertExactlyOnce() {
            assertEquals(0, misordered.get(), "file completions that were not the next expected one");
            for (int i = 0; i < FILE_CHAINS; i++) {
                assertTrue(issued.get(i) > 0, "chain " + i + " ran");
                assertEquals(issued.get(i), completed.get(i), "file ops issued vs completed in chain " + i);
            }
        }
    }
}
