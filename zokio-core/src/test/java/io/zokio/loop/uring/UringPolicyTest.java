package io.zokio.loop.uring;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.uring.ffi.UringFeatures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The setup-flag policy property and the minimum kernel check. */
class UringPolicyTest {
    private static final String PROPERTY = "zokio.uring.setup";

    private final String saved = System.getProperty(PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, saved);
        }
    }

    private static int flagsFor(String value) {
        System.setProperty(PROPERTY, value);
        return UringPolicy.flagsFromProperty();
    }

    @Test
    void propertySelectsTheFlagSet() {
        assertEquals(UringPolicy.FLAGS_PLAIN, flagsFor("plain"));
        assertEquals(UringPolicy.FLAGS_PLAIN, flagsFor(" PLAIN "), "trimmed, any case");
        assertEquals(UringPolicy.FLAGS_SINGLE_ISSUER, flagsFor("single"));
        assertEquals(UringPolicy.FLAGS_SINGLE_ISSUER, flagsFor("defer"));
        assertEquals(UringPolicy.FLAGS_COOP, flagsFor("coop"));
        assertEquals(UringPolicy.FLAGS_COOP, flagsFor("something-else"), "unknown values take the default");
        System.clearProperty(PROPERTY);
        assertEquals(UringPolicy.FLAGS_COOP, UringPolicy.flagsFromProperty());
    }

    private static UringFeatures features(int featureBits, boolean[] ops, int lastOp) {
        return new UringFeatures(true, null, List.of(), featureBits, ops, lastOp);
    }

    @Test
    void unavailableKernelIsLeftToTheSetupError() {
        assertNull(UringPolicy.missing(new UringFeatures(false, "EPERM", List.of(), 0, new boolean[0], -1)));
    }

    @Test
    void completeKernelLacksNothing() {
        boolean[] all = new boolean[64];
        Arrays.fill(all, true);
        assertNull(UringPolicy.missing(features(IORING_FEAT_NODROP, all, 63)));
    }

    @Test
    void missingOpcodesAreNamed() {
        boolean[] ops = new boolean[64];
        Arrays.fill(ops, true);
        ops[IORING_OP_SHUTDOWN] = false;
        ops[IORING_OP_STATX] = false;
        String m = UringPolicy.missing(features(IORING_FEAT_NODROP, ops, 63));
        assertEquals("IORING_OP_STATX IORING_OP_SHUTDOWN (kernel 5.11 or newer needed)", m);
        assertTrue(m.endsWith("needed)"));
    }
}
