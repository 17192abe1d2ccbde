package io.zokio.runtime.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The idle bookkeeping's transitions, single-threaded. */
class IdleTest {

    @Test
    void searchingIsThrottledToHalfTheWorkers() {
        Idle idle = new Idle(4);
        assertTrue(idle.transitionWorkerToSearching(false));
        assertTrue(idle.transitionWorkerToSearching(false));
        assertFalse(idle.transitionWorkerToSearching(false));
        assertEquals(2, Idle.searching(idle.state()));
        assertFalse(idle.transitionWorkerFromSearching());
        assertTrue(idle.transitionWorkerFromSearching()); // the last searcher
    }

    @Test
    void nobodyIsWokenWhileAllWorkersRun() {
        Idle idle = new Idle(2);
        assertFalse(idle.notifyShouldWakeup());
        assertEquals(-1, idle.workerToNotify());
    }

    @Test
    void parkThenNotifyCountsTheWorkerUnparkedAndSearching() {
        Idle idle = new Idle(2);
        assertTrue(idle.transitionWorkerToSearching(false));
        assertTrue(idle.transitionWorkerToParked(1, true)); // the last searcher parks
        assertEquals(1, Idle.unparked(idle.state()));
        assertTrue(idle.isParked(1));
        assertEquals(1, idle.workerToNotify());
        assertFalse(idle.isParked(1));
        assertEquals(2, Idle.unparked(idle.state()));
        assertEquals(1, Idle.searching(idle.state()));
        assertEquals(-1, idle.workerToNotify()); // a searcher exists: no second wake
    }

    @Test
    void aWorkerWokenByItsOwnLoopTakesItselfOffTheList() {
        Idle idle = new Idle(2);
        assertFalse(idle.transitionWorkerToParked(0, false));
        assertTrue(idle.unparkWorkerById(0));
        assertFalse(idle.unparkWorkerById(0));
        assertEquals(2, Idle.unparked(idle.state()));
        assertEquals(0, Idle.searching(idle.state()));
    }
}
