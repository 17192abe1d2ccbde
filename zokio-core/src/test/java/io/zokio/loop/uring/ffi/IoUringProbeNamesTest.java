package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.sys.Errno;
import org.junit.jupiter.api.Test;

/** The probe's flag names, flag prerequisites and the explanations it attaches to setup failures. */
class IoUringProbeNamesTest {
    @Test
    void everyOptionalFlagHasItsName() {
        String[] names = {"DEFER_TASKRUN", "SINGLE_ISSUER", "R_DISABLED", "TASKRUN_FLAG", "COOP_TASKRUN",
                "SUBMIT_ALL", "CQSIZE"};
        assertEquals(names.length, IoUringProbe.OPTIONAL.length);
        for (int i = 0; i < names.length; i++) {
            assertEquals(names[i], IoUringProbe.name(IoUringProbe.OPTIONAL[i]));
        }
        assertEquals("0x2", IoUringProbe.name(IORING_SETUP_SQPOLL), "a flag the probe does not try");
    }

    @Test
    void prerequisitesFollowTheKernelRules() {
        assertEquals(IORING_SETUP_SINGLE_ISSUER, IoUringProbe.prerequisites(IORING_SETUP_DEFER_TASKRUN));
        assertEquals(IORING_SETUP_COOP_TASKRUN, IoUringProbe.prerequisites(IORING_SETUP_TASKRUN_FLAG));
        assertEquals(0, IoUringProbe.prerequisites(IORING_SETUP_CQSIZE));
    }

    @Test
    void detailExplainsTheUsualSetupFailures() {
        assertTrue(IoUringProbe.detail(-Errno.ENOSYS).startsWith("io_uring_setup is not implemented"));
        assertTrue(IoUringProbe.detail(-Errno.ENOMEM).contains("RLIMIT_MEMLOCK"));
        assertEquals("the kernel rejected the ring parameters", IoUringProbe.detail(Errno.EINVAL),
                "either sign of the errno");
        assertTrue(IoUringProbe.detail(-Errno.EPERM).contains("io_uring_disabled"),
                "EPERM names the sysctl that may be behind it");
        assertNull(IoUringProbe.detail(-Errno.EBADF), "no explanation for other errors");
    }

    @Test
    void checkAvailablePassesWhenTheProbeSucceeded() {
        assumeTrue(IoUringProbe.probe().available(), "io_uring refused by this kernel");
        assertDoesNotThrow(IoUringProbe::checkAvailable);
    }
}
