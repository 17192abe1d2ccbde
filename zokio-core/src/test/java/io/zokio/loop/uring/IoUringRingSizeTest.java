package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A ring size io_uring_setup would reject with a bare EINVAL fails before any syscall, naming the valid range
 * and the kernel limit. Runs with or without io_uring (the check comes before the probe).
 */
class IoUringRingSizeTest {
    @ParameterizedTest(name = "entries={0}")
    @ValueSource(ints = {0, -1, 32769, 65536, Integer.MAX_VALUE})
    void aRingSizeTheKernelRejectsNamesTheLimit(int entries) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IoUringBackend.open(entries));
        assertTrue(e.getMessage().contains("1..32768") && e.getMessage().contains("IORING_MAX_ENTRIES")
                && e.getMessage().endsWith(": " + entries), e.getMessage());
    }
}
