package io.zokio.loop.uring;

import io.zokio.loop.Completion;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Maps io_uring {@code user_data} to the {@link Completion} in flight, and gives each slot native scratch
 * memory that lives until the slot's completion is reaped.
 *
 * <p><b>Threading:</b> not thread-safe; loop thread only.
 *
 * <p><b>user_data</b> = {@code generation << 32 | slot}, bit 63 clear (bit 63 marks the backend's internal
 * requests). The generation of a slot is bumped when its completion is taken, so a stray CQE for an older
 * use of the slot is recognised and ignored instead of finishing the wrong operation.
 *
 * <p><b>Scratch:</b> per slot {@value #SCRATCH_BYTES} bytes, allocated in chunks of {@value #CHUNK} slots the first
 * time a slot in the chunk needs it (a NOP-only workload allocates none). Region A ({@code [0, 256)}) holds a
 * {@code statx}, {@code sockaddr} or {@code __kernel_timespec}; region B ({@code [256, 512)}) a path or up to 16
 * iovecs. Larger paths and iovec arrays go to a per-slot overflow segment that only grows, so steady state
 * allocates nothing. Chunks never move: the kernel may read or write them until the completion.
 */
final class SlotTable implements AutoCloseable {
    static final int SCRATCH_BYTES = 512;
    static final long REGION_B = 256;
    private static final int CHUNK = 64;
    private static final int MAX_SLOTS = 1 << 30;

    private final Arena arena = Arena.ofShared();
    private Completion[] ops;
    private int[] generation;
    /** A CANCEL for this slot's operation has been sent to the kernel. */
    private boolean[] cancelling;
    private int[] free;
    private int freeCount;
    private int used;
    private MemorySegment[] chunks = new MemorySegment[4];
    private MemorySegment[] overflow;

    SlotTable(int initial) {
        int n = Math.max(CHUNK, Integer.highestOneBit(Math.max(1, initial - 1)) << 1);
        ops = new Completion[n];
        generation = new int[n];
        cancelling = new boolean[n];
        free = new int[n];
        overflow = new MemorySegment[n];
        for (int i = 0; i < n; i++) {
            free[i] = n - 1 - i; // pop low slots first
        }
        freeCount = n;
    }

    /** Stores {@code c} in a free slot and returns the slot. */
    int acquire(Completion c) {
        if (freeCount == 0) {
            grow();
        }
        int slot = free[--freeCount];
        ops[slot] = c;
        used++;
        return slot;
    }

    long userData(int slot) {
        return ((long) generation[slot] << 32) | slot;
    }

    /** The completion {@code userData} names, or {@code null} if stale; frees its slot. */
    Completion take(long userData) {
        int slot = (int) userData;
        if (slot < 0 || slot >= ops.length || generation[slot] != (int) (userData >>> 32)) {
            return null;
        }
        Completion c = ops[slot];
        if (c == null) {
            return null;
        }
        ops[slot] = null;
        cancelling[slot] = false;
        generation[slot] = (generation[slot] + 1) & 0x7fff_ffff;
        free[freeCount++] = slot;
        used--;
        return c;
    }

    /**
     * The completion {@code userData} names, or {@code null} if stale, keeping its slot (a multishot or
     * SEND_ZC operation that has more CQEs to come).
     */
    Completion peek(long userData) {
        int slot = (int) userData;
        if (slot < 0 || slot >= ops.length || generation[slot] != (int) (userData >>> 32)) {
            return null;
        }
        return ops[slot];
    }

    /** Whether a cancel (or a stop) was sent for the operation in {@code slot}. */
    boolean isCancelling(int slot) {
        return cancelling[slot];
    }

    /**
     * Records that a cancel for {@code userData} is going to the kernel.
     *
     * @return false when the operation is gone or a cancel for it is already on its way
     */
    boolean markCancelling(long userData) {
        int slot = (int) userData;
        if (slot < 0 || slot >= ops.length || ops[slot] == null || userData(slot) != userData || cancelling[slot]) {
            return false;
        }
        cancelling[slot] = true;
        return true;
    }

    /** Operations in flight. */
    int used() {
        return used;
    }

    int capacity() {
        return ops.length;
    }

    /** The completion in {@code slot}, or {@code null}. */
    Completion at(int slot) {
        return ops[slot];
    }

    /** The slot's {@value #SCRATCH_BYTES}-byte scratch segment. */
    MemorySegment scratch(int slot) {
        int chunk = slot / CHUNK;
        if (chunk >= chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(chunk + 1, chunks.length * 2));
        }
        MemorySegment c = chunks[chunk];
        if (c == null) {
            c = arena.allocate((long) CHUNK * SCRATCH_BYTES, 64);
            chunks[chunk] = c;
        }
        return c.asSlice((long) (slot % CHUNK) * SCRATCH_BYTES, SCRATCH_BYTES);
    }

    /** At least {@code bytes} of scratch for region-B data that does not fit in 256 bytes. */
    MemorySegment large(int slot, long bytes) {
        if (bytes <= SCRATCH_BYTES - REGION_B) {
            return scratch(slot).asSlice(REGION_B);
        }
        MemorySegment s = overflow[slot];
        if (s == null || s.byteSize() < bytes) {
            s = arena.allocate(Long.highestOneBit(bytes - 1) << 1, 16);
            overflow[slot] = s; // the old one stays allocated until close: never reused while in flight
        }
        return s;
    }

    private void grow() {
        int n = ops.length;
        if (n >= MAX_SLOTS) {
            throw new IllegalStateException("too many operations in flight: " + n);
        }
        int m = n * 2;
        ops = Arrays.copyOf(ops, m);
        generation = Arrays.copyOf(generation, m);
        cancelling = Arrays.copyOf(cancelling, m);
        overflow = Arrays.copyOf(overflow, m);
        free = Arrays.copyOf(free, m);
        for (int i = m - 1; i >= n; i--) {
            free[freeCount++] = i;
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
