package io.zokio.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Finds buffers that became unreachable while still acquired, and says where they were acquired.
 *
 * <p>Threading: any thread. {@link #track} runs on the acquiring thread, {@link Track#released()} on the
 * releasing thread, the report on the JDK Cleaner's thread.
 *
 * <p>How: every acquisition records a {@link Throwable} (its stack is the acquisition site) and registers the
 * handle with a {@link Cleaner}. The cleaning action holds the buffer's memory but never the handle, so a handle
 * dropped without release becomes phantom reachable and the action runs: it logs a WARNING through
 * {@link System.Logger} with the acquisition stack, counts the leak, and gives the memory back to the pool under
 * a fresh handle (so a leak in a long-running process costs a warning, not memory), unless the handle was
 * IN_KERNEL: that memory is never reused, since the kernel may still write into it. A release cleans the
 * registration itself, which marks the record released first so the action does nothing.
 *
 * <p>Cost: a stack walk and two small objects per acquisition, so it is off by default and on in tests.
 */
final class LeakDetector {
    private static final System.Logger LOG = System.getLogger("io.zokio.buffer");

    /** One Cleaner thread for every pool in the process, created only when some pool detects leaks. */
    private static final class CleanerHolder {
        static final Cleaner CLEANER = Cleaner.create(r -> {
            Thread t = new Thread(r, "zokio-buffer-leak-detector");
            t.setDaemon(true);
            return t;
        });
    }

    private final BufferPool pool;
    private final Consumer<? super Throwable> listener;
    private final AtomicLong leaks = new AtomicLong();

    LeakDetector(BufferPool pool, Consumer<? super Throwable> listener) {
        this.pool = pool;
        this.listener = listener;
    }

    /** Buffers reported leaked so far. */
    long leaks() {
        return leaks.get();
    }

    /** Starts tracking the acquisition of {@code buffer}; the caller stores the result in the handle. */
    Track track(PooledBuffer buffer) {
        Track t = new Track(this, buffer.sizeClass, buffer.rawSegment(), buffer.ownArena,
                new Throwable("buffer of " + buffer.capacity() + " bytes acquired here by "
                        + Thread.currentThread().getName()));
        t.cleanable = CleanerHolder.CLEANER.register(buffer, t);
        return t;
    }

    private void reportLeak(Track t) {
        leaks.incrementAndGet();
        if (t.inKernel) {
            // the kernel may still write into it: never reuse it (and the pool will refuse to close)
            LOG.log(System.Logger.Level.ERROR,
                    "LEAK: a buffer was garbage-collected while IN_KERNEL; its memory is never reused."
                            + " Acquired at:", t.acquiredAt);
        } else {
            LOG.log(System.Logger.Level.WARNING,
                    "LEAK: a buffer was garbage-collected without release(); its memory goes back to the pool."
                            + " Acquired at:", t.acquiredAt);
            pool.recoverLeaked(t.sizeClass, t.segment, t.ownArena);
        }
        listener.accept(t.acquiredAt);
    }

    /** The record of one acquisition; must not reference the handle, or the handle would never be collected. */
    static final class Track implements Runnable {
        private final LeakDetector detector;
        private final int sizeClass;
        private final MemorySegment segment;
        private final Arena ownArena;
        private final Throwable acquiredAt;
        private Cleaner.Cleanable cleanable;
        /** Written by the releasing thread before clean(), read by run() inside clean() or on the Cleaner thread. */
        private volatile boolean released;
        /** Mirrors the handle's IN_KERNEL state, since the handle itself is gone when the leak is reported. */
        private volatile boolean inKernel;

        Track(LeakDetector detector, int sizeClass, MemorySegment segment, Arena ownArena, Throwable acquiredAt) {
            this.detector = detector;
            this.sizeClass = sizeClass;
            this.segment = segment;
            this.ownArena = ownArena;
            this.acquiredAt = acquiredAt;
        }

        void inKernel(boolean on) {
            inKernel = on;
        }

        /** The buffer was released: deregister (clean() runs this action once, which now does nothing). */
        void released() {
            released = true;
            cleanable.clean();
        }

        @Override
        public void run() {
            if (!released) {
                detector.reportLeak(this);
            }
        }
    }
}
