package io.zokio.fs;

import io.zokio.buffer.FixedBufferPool;
import io.zokio.buffer.FixedBufferPool.FixedBuffer;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.FixedBufferTable;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionException;

/**
 * <b>Threading:</b> any thread but an event-loop thread ({@link #register} waits for every worker's loop).
 *
 * <p>Registers a {@link FixedBufferPool} with every ring of a runtime and reads/writes through it. On io_uring
 * {@link #read} and {@link #write} are READ_FIXED/WRITE_FIXED with the buffer's index (the kernel skips
 * pinning the pages per operation); on NIO, or when the kernel refused the registration (RLIMIT_MEMLOCK), they
 * are plain reads and writes of the same memory, so callers need not care which they got.
 *
 * <p>One pool per runtime: a ring holds one fixed-buffer table. The pool must stay open until the runtime is
 * closed (the rings pin its memory until then).
 */
public final class FixedBuffers {
    private static final System.Logger LOG = System.getLogger("io.zokio.fs");
    private static final Map<Runtime, FixedBufferPool> REGISTERED = Collections.synchronizedMap(new WeakHashMap<>());

    private FixedBuffers() {
    }

    /**
     * Registers {@code pool} with every worker's ring of {@code rt}.
     *
     * @return true when every ring took it (io_uring), false on NIO or when the kernel refused (the reason is
     *         logged; reads and writes then take the plain path)
     */
    public static boolean register(Runtime rt, FixedBufferPool pool) throws InterruptedException {
        Objects.requireNonNull(rt, "runtime");
        Objects.requireNonNull(pool, "pool");
        if (REGISTERED.containsKey(rt)) {
            throw new IllegalStateException("a fixed buffer pool is already registered with " + rt);
        }
        if (rt.backendFeatures().fixedBuffers().isEmpty()) {
            return false;
        }
        int done = 0;
        try {
            for (; done < rt.workers(); done++) {
                rt.onLoop(done, loop -> {
                    table(loop).registerBuffers(pool.segments());
                    return null;
                });
            }
        } catch (CompletionException e) {
            LOG.log(System.Logger.Level.WARNING, "fixed buffers not registered, using plain reads and writes: {0}",
                    String.valueOf(e.getCause()));
            for (int i = 0; i < done; i++) {
                rt.onLoop(i, loop -> {
                    table(loop).unregisterBuffers();
                    return null;
                });
            }
            return false;
        }
        REGISTERED.put(rt, pool);
        return true;
    }

    /** A worker loop's fixed-buffer table (a decorating backend passes on the one it decorates). */
    private static FixedBufferTable table(EventLoop loop) {
        return loop.features().fixedBuffers().orElseThrow(() -> new IllegalStateException(
                "no fixed-buffer table: " + loop.features().description()));
    }

    /** Whether {@code pool} is registered with {@code rt}'s rings. */
    public static boolean isRegistered(Runtime rt, FixedBufferPool pool) {
        return REGISTERED.get(rt) == pool;
    }

    /** Reads up to {@code length} bytes at {@code position} into the start of {@code buf}; -1 at end of file. */
    public static int read(AsyncFile file, FixedBuffer buf, int length, long position) throws IOException {
        Completion c = prepare(file, buf, length, position, true);
        int n = file.runFixed("pread", c);
        return n == 0 && length > 0 ? -1 : n;
    }

    /** Writes the first {@code length} bytes of {@code buf} at {@code position}; returns bytes written. */
    public static int write(AsyncFile file, FixedBuffer buf, int length, long position) throws IOException {
        return file.runFixed("pwrite", prepare(file, buf, length, position, false));
    }

    private static Completion prepare(AsyncFile file, FixedBuffer buf, int length, long position, boolean read) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(buf, "buf");
        if (length < 0 || length > buf.segment().byteSize()) {
            throw new IllegalArgumentException("length must be 0.." + buf.segment().byteSize() + ": " + length);
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        var seg = buf.segment().asSlice(0, length);
        Completion c = new Completion();
        if (isRegistered(file.runtime(), buf.pool())) {
            return read ? c.prepReadFixed(file.fd(), seg, position, buf.index())
                    : c.prepWriteFixed(file.fd(), seg, position, buf.index());
        }
        return read ? c.prepRead(file.fd(), seg, position) : c.prepWrite(file.fd(), seg, position);
    }
}
