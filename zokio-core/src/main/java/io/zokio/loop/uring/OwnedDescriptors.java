package io.zokio.loop.uring;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * <b>Threading:</b> any thread; each method is lock-free. {@link #opened} and {@link #closeAll} are called by
 * a backend on its loop thread, {@link #releasing} by whichever loop closes a descriptor.
 *
 * <p>Which io_uring backend created each open descriptor (a socket(2), an ACCEPT or an OPENAT result), so that
 * closing a loop closes the descriptors its application left open, as the NIO backend does with its handle
 * table. Process-wide, because an io_uring descriptor is: a file opened on one loop may be closed by a CLOSE on
 * another.
 *
 * <p>Safety against closing a number someone else reuses: an entry is cleared <em>before</em> the descriptor is
 * closed ({@link #releasing}, called when a CLOSE is submitted or before {@code closeNow}), so that once the
 * kernel can hand the number out again no backend still names it as its own. Descriptors closed outside the
 * backends were never registered by them (e.g. FileCopy's own open and close).
 *
 * <pre>
 * pages: 1024 x (4096 owners), allocated on first use; fd = page << 12 | index; fds >= 2^22 are not tracked
 * </pre>
 */
final class OwnedDescriptors {
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGES = 1024;
    private static final AtomicReferenceArray<AtomicReferenceArray<Object>> OWNERS = new AtomicReferenceArray<>(PAGES);

    private OwnedDescriptors() {
    }

    /** Records that {@code owner} created {@code fd}. */
    static void opened(int fd, Object owner) {
        AtomicReferenceArray<Object> page = page(fd, true);
        if (page != null) {
            page.set(fd & (PAGE_SIZE - 1), owner); // release: pairs with the reads in closeAll
        }
    }

    /** {@code fd} is about to be closed by whoever: no backend owns it any more. */
    static void releasing(int fd) {
        AtomicReferenceArray<Object> page = page(fd, false);
        if (page != null) {
            page.set(fd & (PAGE_SIZE - 1), null);
        }
    }

    /** Takes every descriptor {@code owner} still owns and hands it to {@code close}. */
    static void closeAll(Object owner, IntConsumer close) {
        for (int p = 0; p < PAGES; p++) {
            AtomicReferenceArray<Object> page = OWNERS.get(p);
            if (page == null) {
                continue;
            }
            for (int i = 0; i < PAGE_SIZE; i++) {
                // CAS: a concurrent releasing() of the same fd (a CLOSE on another loop) wins or loses whole
                if (page.get(i) == owner && page.compareAndSet(i, owner, null)) {
                    close.accept(p << PAGE_BITS | i);
                }
            }
        }
    }

    private static AtomicReferenceArray<Object> page(int fd, boolean create) {
        int p = fd >>> PAGE_BITS;
        if (fd < 0 || p >= PAGES) {
            return null;
        }
        AtomicReferenceArray<Object> page = OWNERS.get(p);
        if (page == null && create) {
            OWNERS.compareAndSet(p, null, new AtomicReferenceArray<>(PAGE_SIZE)); // once per 4096 descriptors
            page = OWNERS.get(p);
        }
        return page;
    }
}
