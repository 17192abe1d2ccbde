package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.runtime.sched.Idle;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The builder refuses out-of-range settings with IllegalArgumentException naming the value. */
class RuntimeBuilderArgumentsTest {

    @Test
    void outOfRangeSettingsAreRefused() {
        RuntimeBuilder b = Runtime.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.workers(0)).getMessage().endsWith(": 0"));
        assertThrows(IllegalArgumentException.class, () -> b.workers(Idle.MAX_WORKERS + 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.ringEntries(0)).getMessage()
                .contains("ringEntries"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.blockingThreads(0)).getMessage()
                .contains("blockingThreads"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.shutdownGrace(Duration.ofMillis(-1)))
                .getMessage().contains("grace"));
        assertThrows(IllegalArgumentException.class, () -> b.blockedThreshold(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.registeredFileSlots(-1));
        assertThrows(IllegalArgumentException.class, () -> b.registeredFileSlots((1 << 20) + 1));
    }

    @Test
    @Timeout(20)
    void inRangeSettingsBuildARuntimeThatUsesThem() throws Exception {
        try (Runtime rt = Runtime.builder().workers(1).ringEntries(64).blockingThreads(1)
                .shutdownGrace(Duration.ZERO).registeredFileSlots(0).jmx(false)
                .backend(RuntimeTestSupport.testBackend()).build()) {
            assertEquals(1, rt.workers());
            assertEquals(42, rt.blockOn(() -> 42));
        }
    }
}
