package io.zokio.loop.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The carrier of the calling thread. The test JVM opens {@code java.base/java.lang}, so the carrier is
 * readable here: {@link Carriers#available()} holds and no cause is given.
 */
class CarriersTest {

    @Test
    void availableWhenJavaLangIsOpenAndThenNoCauseIsGiven() {
        assertTrue(Carriers.available(), "the test JVM runs with --add-opens java.base/java.lang=ALL-UNNAMED: "
                + Carriers.unavailableCause());
        assertNull(Carriers.unavailableCause());
    }

    @Test
    void aPlatformThreadIsItsOwnCarrier() {
        assertSame(Thread.currentThread(), Carriers.current());
    }

    @Test
    void aVirtualThreadIsCarriedByAPlatformThread() throws InterruptedException {
        AtomicReference<Thread> self = new AtomicReference<>();
        AtomicReference<Thread> carrier = new AtomicReference<>();
        Thread vt = Thread.ofVirtual().start(() -> {
            self.set(Thread.currentThread());
            carrier.set(Carriers.current());
        });
        vt.join();
        assertSame(vt, self.get());
        assertNotNull(carrier.get());
        assertFalse(carrier.get().isVirtual());
    }
}
