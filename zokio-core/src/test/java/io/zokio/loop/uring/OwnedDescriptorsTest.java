package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The process-wide owner table, with descriptor numbers high enough that no real descriptor of this JVM uses
 * them (the table only records numbers; closeAll hands them to the caller's function).
 */
class OwnedDescriptorsTest {
    private static final int BASE = (1 << 22) - 5000; // below the 2^22 limit, far above real descriptors

    private static List<Integer> closeAll(Object owner) {
        List<Integer> closed = new ArrayList<>();
        OwnedDescriptors.closeAll(owner, closed::add);
        return closed;
    }

    @Test
    void closeAllHandsOverOnlyTheOwnersDescriptorsOnce() {
        Object mine = new Object();
        Object theirs = new Object();
        OwnedDescriptors.opened(BASE, mine);
        OwnedDescriptors.opened(BASE + 1, theirs);
        OwnedDescriptors.opened(BASE + 4097, mine); // on the next page
        OwnedDescriptors.opened(BASE + 2, mine);
        OwnedDescriptors.releasing(BASE + 2); // closed by its user meanwhile
        assertEquals(List.of(BASE, BASE + 4097), closeAll(mine));
        assertEquals(List.of(), closeAll(mine), "taken: a second closeAll finds nothing");
        assertEquals(List.of(BASE + 1), closeAll(theirs));
    }

    @Test
    void descriptorsOutsideTheTableAreNotTracked() {
        Object owner = new Object();
        OwnedDescriptors.opened(-1, owner);
        OwnedDescriptors.opened(1 << 22, owner);
        OwnedDescriptors.opened(Integer.MAX_VALUE, owner);
        OwnedDescriptors.releasing(-1);
        OwnedDescriptors.releasing(1 << 22);
        OwnedDescriptors.releasing((1 << 22) - 1); // a page that may never have been created
        assertEquals(List.of(), closeAll(owner));
    }
}
