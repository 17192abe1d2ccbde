package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.KernelStructs.*;

import io.zokio.sys.ErrnoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One provided buffer ring ({@code struct io_uring_buf_ring}, registered with IORING_REGISTER_PBUF_RING), the
 * port of liburing's io_uring_setup_buf_ring / io_uring_buf_ring_add / io_uring_buf_ring_advance.
 *
 * <p><b>Threading:</b> not thread-safe; the loop thread that owns the {@link IoUring}.
 *
 * <pre>
 * ring memory: entries x io_uring_buf (16 bytes), page-aligned, owned here
 *   entry i: 0 addr u64 | 8 len u32 | 12 bid u16 | 14 resv u16 (entry 0's resv is the ring tail)
 * </pre>
 * The application writes entries at its local tail and publishes them with one release store of the 16-bit
 * tail; the kernel consumes from its own head (not visible here). The ring has exactly as many entries as the
 * group has buffers, so adding a buffer that the kernel gave out can never overrun the head.
 */
public final class BufRing implements AutoCloseable {
    private static final long ENTRY = IO_URING_BUF.byteSize();
    private static final long PAGE = 4096;

    private final IoUring ring;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment entries;
    private final int mask;
    private final int bgid;
    private int tail;
    private boolean registered;

    private BufRing(IoUring ring, int count, int bgid) {
        this.ring = ring;
        this.entries = arena.allocate(Math.max(PAGE, count * ENTRY), PAGE);
        this.mask = count - 1;
        this.bgid = bgid;
    }

    /**
     * Registers a ring of {@code count} entries (a power of two) as group {@code bgid}; empty until
     * {@link #add} and {@link #publish}.
     *
     * @throws ErrnoException the kernel refused (EINVAL before 5.19, EEXIST for a used bgid)
     * @throws IllegalArgumentException {@code count} is not a power of two (nothing is allocated)
     */
    public static BufRing register(IoUring ring, int count, int bgid) throws ErrnoException {
        if (count <= 0 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("a buffer ring's entry count is a power of two: " + count);
        }
        BufRing r = new BufRing(ring, count, bgid);
        int res;
        try {
            res = ring.registerBufRing(r.entries, count, bgid);
        } catch (RuntimeException e) {
            r.arena.close();
            throw e;
        }
        if (res < 0) {
            r.arena.close();
            throw new ErrnoException("io_uring_register(PBUF_RING)", -res);
        }
        r.registered = true;
        return r;
    }

    /** Writes an entry for buffer {@code bid} at {@code buffer} (not yet visible to the kernel). */
    public void add(MemorySegment buffer, int bid) {
        long b = (long) (tail & mask) * ENTRY;
        // the kernel reads addr, len and bid of an entry only after it load-acquires a tail that covers it
        U64.set(entries, b + BUF_ADDR, buffer.address());
        U32.set(entries, b + BUF_LEN, (int) buffer.byteSize());
        U16.set(entries, b + BUF_BID, (short) bid);
        tail++;
    }

    /** Makes every added entry visible to the kernel. */
    public void publish() {
        // release: the entry stores above happen before the tail; pairs with the kernel's smp_load_acquire of
        // br->tail in io_ring_buffer_select()
        U16.setRelease(entries, BUF_RING_TAIL, (short) tail);
    }

    public int bgid() {
        return bgid;
    }

    /** Unregisters (if the ring is still open) and frees the entries; the kernel no longer reads them. */
    @Override
    public void close() {
        if (registered && !ring.isClosed()) {
            ring.unregisterBufRing(bgid);
        }
        registered = false;
        arena.close();
    }
}
