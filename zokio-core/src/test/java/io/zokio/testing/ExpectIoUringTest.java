package io.zokio.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Where io_uring is expected, an "io_uring unavailable" skip becomes a failure; other skips stay skips. */
class ExpectIoUringTest {
    private final String before = System.getProperty(ExpectIoUring.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(ExpectIoUring.PROPERTY);
        } else {
            System.setProperty(ExpectIoUring.PROPERTY, before);
        }
    }

    @Test
    void anUnavailableSkipFailsWhereIoUringIsExpected() {
        System.setProperty(ExpectIoUring.PROPERTY, "true");
        for (String reason : new String[] {"io_uring unavailable: EPERM", "io_uring refused by the kernel",
                "io_uring backend cannot be opened here: x", "io_uring cannot be opened here: y"}) {
            Throwable t = ExpectIoUring.check(new TestAbortedException(reason));
            assertInstanceOf(AssertionError.class, t, reason);
        }
    }

    @Test
    void otherSkipsAndOtherFailuresPassUnchanged() {
        System.setProperty(ExpectIoUring.PROPERTY, "true");
        TestAbortedException feature = new TestAbortedException("this kernel's io_uring lacks SEND_ZC");
        assertSame(feature, ExpectIoUring.check(feature));
        TestAbortedException refusedPass = new TestAbortedException(
                "io_uring is available here; this test runs under ./zokio test-no-uring");
        assertSame(refusedPass, ExpectIoUring.check(refusedPass));
        IllegalStateException other = new IllegalStateException("io_uring unavailable");
        assertSame(other, ExpectIoUring.check(other), "only skips are turned into failures");
    }

    @Test
    void withoutTheSwitchAnUnavailableSkipStaysASkip() {
        System.clearProperty(ExpectIoUring.PROPERTY);
        TestAbortedException skip = new TestAbortedException("io_uring unavailable: EPERM");
        assertSame(skip, ExpectIoUring.check(skip));
    }
}
