package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Builder validation and backend selection ({@code -Dzokio.backend}); the property is restored after each test. */
@Timeout(10)
class EventLoopBuilderTest {
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty("zokio.backend");
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("zokio.backend");
        } else {
            System.setProperty("zokio.backend", saved);
        }
    }

    @Test
    void ringEntriesMustBeAPowerOfTwoInRange() {
        for (int bad : new int[] {0, -1, 3, 100, 65536}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EventLoop.builder().ringEntries(bad));
            assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        }
        EventLoop.builder().ringEntries(1).ringEntries(32768);
    }

    @Test
    void otherSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> EventLoop.builder().filePoolThreads(0));
        assertThrows(IllegalArgumentException.class, () -> EventLoop.builder().filePoolThreads(257));
        assertThrows(NullPointerException.class, () -> EventLoop.builder().backend(null));
        assertThrows(NullPointerException.class, () -> EventLoop.builder().clock(null));
        assertThrows(NullPointerException.class, () -> EventLoop.builder().idleMode(null));
    }

    @Test
    void systemPropertyForcesABackend() {
        System.clearProperty("zokio.backend");
        assertEquals(BackendKind.AUTO, EventLoopBuilder.forcedKind());
        for (String v : new String[] {"uring", "io_uring", " IoUring "}) {
            System.setProperty("zokio.backend", v);
            assertEquals(BackendKind.IO_URING, EventLoopBuilder.forcedKind(), v);
        }
        System.setProperty("zokio.backend", "NIO");
        assertEquals(BackendKind.NIO, EventLoopBuilder.forcedKind());
        System.setProperty("zokio.backend", " Auto ");
        assertEquals(BackendKind.AUTO, EventLoopBuilder.forcedKind());
        System.setProperty("zokio.backend", "  ");
        assertEquals(BackendKind.AUTO, EventLoopBuilder.forcedKind(), "blank: as if unset");
        System.setProperty("zokio.backend", "epoll");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, EventLoopBuilder::forcedKind);
        assertTrue(e.getMessage().contains("uring, nio or auto"), e.getMessage());
    }

    @Test
    void autoWithNioForcedOpensNio() {
        System.setProperty("zokio.backend", "nio");
        try (EventLoop loop = EventLoop.open()) {
            assertEquals("nio", loop.backendName());
        }
    }

    @Test
    void explicitNioBackendIgnoresTheProperty() {
        System.setProperty("zokio.backend", "uring");
        try (EventLoop loop = EventLoop.builder().backend(BackendKind.NIO).build()) {
            assertEquals("nio", loop.backendName());
        }
    }

    @Test
    void autoOpensSomeBackend() {
        System.clearProperty("zokio.backend");
        try (EventLoop loop = EventLoop.open()) {
            assertTrue(loop.backendName().equals("io_uring") || loop.backendName().equals("nio"),
                    loop.backendName());
        }
    }
}
