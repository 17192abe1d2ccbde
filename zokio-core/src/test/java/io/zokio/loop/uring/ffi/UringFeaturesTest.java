package io.zokio.loop.uring.ffi;

import static io.zokio.loop.uring.ffi.IoUringConstants.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature record on its own: lookups, defensive copies, enabling flags and the readable summary. */
class UringFeaturesTest {
    private static final UringFeatures.SetupFlag COOP =
            new UringFeatures.SetupFlag("COOP_TASKRUN", IORING_SETUP_COOP_TASKRUN, true, false, "not requested");
    private static final UringFeatures.SetupFlag DEFER =
            new UringFeatures.SetupFlag("DEFER_TASKRUN", IORING_SETUP_DEFER_TASKRUN, false, false, "io_uring_setup said EINVAL");

    private static UringFeatures sample(boolean... ops) {
        return new UringFeatures(true, null, List.of(COOP, DEFER), IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP, ops,
                ops.length - 1);
    }

    @Test
    void unavailableHasNothingAndSaysWhy() {
        UringFeatures f = UringFeatures.unavailable("io_uring_setup failed: EPERM");
        assertFalse(f.available());
        assertTrue(f.flags().isEmpty());
        assertEquals(-1, f.lastOp());
        assertFalse(f.supportsOp(IORING_OP_NOP));
        assertFalse(f.hasFeature(IORING_FEAT_NODROP));
        assertEquals("io_uring unavailable: io_uring_setup failed: EPERM", f.toString());
    }

    @Test
    void supportsOpIsFalseOutsideTheProbedRange() {
        UringFeatures f = sample(true, false, true);
        assertTrue(f.supportsOp(0));
        assertFalse(f.supportsOp(1));
        assertTrue(f.supportsOp(2));
        assertFalse(f.supportsOp(3), "past the probed opcodes");
        assertFalse(f.supportsOp(-1));
    }

    @Test
    void opcodeTableIsCopiedInAndOut() {
        boolean[] ops = {true, true};
        UringFeatures f = sample(ops);
        ops[1] = false;
        assertTrue(f.supportsOp(1), "the constructor copies the caller's array");
        boolean[] out = f.supportedOps();
        out[0] = false;
        assertTrue(f.supportsOp(0), "the accessor returns a copy");
        assertArrayEquals(new boolean[] {true, true}, f.supportedOps());
    }

    @Test
    void enabledLooksUpTheFlagAndIsFalseForAnUnknownBit() {
        UringFeatures f = sample(true).withEnabled(IORING_SETUP_COOP_TASKRUN, IORING_FEAT_EXT_ARG, "dropped");
        assertTrue(f.enabled(IORING_SETUP_COOP_TASKRUN));
        assertFalse(f.enabled(IORING_SETUP_DEFER_TASKRUN));
        assertFalse(f.enabled(IORING_SETUP_SQPOLL), "a bit the probe does not list");
        assertTrue(f.hasFeature(IORING_FEAT_EXT_ARG), "the ring's features replace the probe's");
        assertFalse(f.hasFeature(IORING_FEAT_NODROP));
    }

    @Test
    void withEnabledKeepsTheProbeCauseForUnsupportedFlags() {
        UringFeatures f = sample(true).withEnabled(0, 0, "dropped after EINVAL");
        UringFeatures.SetupFlag coop = f.flags().get(0);
        UringFeatures.SetupFlag defer = f.flags().get(1);
        assertEquals("dropped after EINVAL", coop.cause(), "supported but off: the ring's cause");
        assertEquals("io_uring_setup said EINVAL", defer.cause(), "unsupported: the probe's cause");
        UringFeatures on = sample(true).withEnabled(IORING_SETUP_COOP_TASKRUN, 0, "x");
        assertNull(on.flags().get(0).cause(), "an enabled flag has no cause");
    }

    @Test
    void setupFlagDescribesItsState() {
        assertEquals("COOP_TASKRUN off (not requested)", COOP.toString());
        assertEquals("DEFER_TASKRUN unsupported (io_uring_setup said EINVAL)", DEFER.toString());
        assertEquals("COOP_TASKRUN on",
                new UringFeatures.SetupFlag("COOP_TASKRUN", IORING_SETUP_COOP_TASKRUN, true, true, null).toString());
    }

    @Test
    void summaryNamesFeaturesAndTheUsedOpcodesThatAreMissing() {
        boolean[] ops = new boolean[64];
        java.util.Arrays.fill(ops, true);
        ops[IORING_OP_SEND_ZC] = false;
        ops[IORING_OP_MSG_RING] = false;
        String s = sample(ops).toString();
        assertTrue(s.startsWith("io_uring: setup flags [COOP_TASKRUN off (not requested), DEFER_TASKRUN unsupported"), s);
        assertTrue(s.contains("; features [SINGLE_MMAP NODROP]; "), s);
        assertTrue(s.endsWith("ops up to 63, missing [MSG_RING SEND_ZC]"), s);
        ops[IORING_OP_SEND_ZC] = true;
        ops[IORING_OP_MSG_RING] = true;
        assertTrue(sample(ops).toString().endsWith("missing []"));
    }
}
