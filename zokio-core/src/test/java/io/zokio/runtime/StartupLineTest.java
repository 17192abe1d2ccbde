package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A runtime logs exactly one startup line, at DEBUG (JUL {@code FINE}) when it got the backend and carriers it
 * was built for, at INFO when it fell back from AFFINE carriers.
 */
class StartupLineTest {

    @Test
    void oneDebugLineWhenNothingFellBack() {
        List<LogRecord> lines = capture(() -> Runtime.builder().backend(BackendKind.NIO).workers(1)
                .carrierMode(CarrierMode.SHARED).build().close());
        assertEquals(1, lines.size(), "startup lines: " + lines);
        assertEquals(Level.FINE, lines.get(0).getLevel());
        assertTrue(lines.get(0).getMessage().startsWith("zokio runtime "), lines.get(0).getMessage());
    }

    @Test
    void defaultCarriersLogAtDebugOnlyWhenAffine() {
        AtomicReference<Level> expected = new AtomicReference<>();
        List<LogRecord> lines = capture(() -> {
            try (Runtime rt = Runtime.builder().backend(BackendKind.NIO).workers(1).build()) {
                expected.set(rt.carrierMode() == CarrierMode.AFFINE ? Level.FINE : Level.INFO);
            }
        });
        assertEquals(1, lines.size(), "startup lines: " + lines);
        assertEquals(expected.get(), lines.get(0).getLevel());
    }

    private static List<LogRecord> capture(Runnable build) {
        Logger logger = Logger.getLogger("io.zokio.runtime");
        Level before = logger.getLevel();
        List<LogRecord> startup = new CopyOnWriteArrayList<>();
        CountDownLatch logged = new CountDownLatch(1);
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().startsWith("zokio runtime ")) {
                    startup.add(r);
                    logged.countDown();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
        try {
            build.run();
            // a DEBUG line comes from a short-lived thread: wait for it (bounded; no fixed sleep)
            if (!logged.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no startup line within 30 s");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(before);
        }
        return startup;
    }
}
