package io.zokio.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a runtime's shutdown tells first: registration, removal, one call each, and refusal after it began. */
class ShutdownWatchTest {

    @Test
    void addedResourcesAreKeptUntilRemoved() {
        ShutdownWatch w = new ShutdownWatch();
        ShutdownWatch.Resource a = () -> { };
        ShutdownWatch.Resource b = () -> { };
        assertTrue(w.add(a));
        assertTrue(w.add(b));
        assertEquals(2, w.size());
        w.remove(a);
        assertEquals(1, w.size());
        assertFalse(w.began());
    }

    @Test
    void beginTellsEachResourceOnceEvenWhenOneFails() {
        ShutdownWatch w = new ShutdownWatch();
        List<String> told = new ArrayList<>();
        AtomicInteger failing = new AtomicInteger();
        w.add(() -> told.add("a"));
        w.add(() -> {
            failing.incrementAndGet();
            throw new IllegalStateException("close failed");
        });
        w.add(() -> told.add("c"));
        ShutdownWatch.Resource removed = () -> told.add("removed");
        w.add(removed);
        w.remove(removed);

        w.begin();
        assertTrue(w.began());
        assertEquals(List.of("a", "c"), told.stream().sorted().toList());
        assertEquals(1, failing.get());
        assertEquals(0, w.size(), "every resource is dropped once told");

        w.begin(); // a second begin has nobody left to tell
        assertEquals(2, told.size());
        assertEquals(1, failing.get());
    }

    @Test
    void aResourceAddedAfterTheShutdownBeganIsRefusedAndNotTold() {
        ShutdownWatch w = new ShutdownWatch();
        w.begin();
        AtomicInteger told = new AtomicInteger();
        assertFalse(w.add(told::incrementAndGet));
        assertEquals(0, w.size());
        w.begin();
        assertEquals(0, told.get());
    }
}
