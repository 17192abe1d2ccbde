package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.loop.RunMode;
import io.zokio.loop.uring.IoUringBackend;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Assumptions;

/** Helpers shared by {@link TransferConformance} and {@link MultishotConformance}; no tests of its own. */
interface TransferSupport extends ConformanceContext {

    default void assumeSupported(Op op) {
        if (loop().backend() instanceof IoUringBackend u) {
            Assumptions.assumeTrue(u.supports(op), () -> "this kernel's io_uring lacks " + op + ": " + u.features());
        }
    }

    default void runUntilFinal(MultishotRecorder m) {
        while (m.finals == 0) {
            assertTrue(loop().active() > 0, "nothing in flight before the final callback");
            loop().run(RunMode.ONCE);
        }
    }

    /** Receives exactly {@code n} bytes on {@code fd} with plain RECVs. */
    default byte[] recvExactly(int fd, int n) {
        MemorySegment buf = buffer(Math.max(1, n));
        int got = 0;
        while (got < n) {
            int r = await(new Completion().prepRecv(fd, buf.asSlice(got), 0));
            assertTrue(r > 0, () -> "recv: " + CallbackRecorder.describe(r));
            got += r;
        }
        return bytes(buf, n);
    }

    /** Sends all of {@code data} with SENDs looped on short results (runs the loop meanwhile). */
    default byte[] transferSend(int fd, byte[] data, Completion send) {
        MemorySegment src = segment(data);
        long[] sent = {0};
        int[] err = {0};
        submit(send.prepSend(fd, src, 0), new Callback() {
            @Override
            public Action onComplete(EventLoop l, Completion comp, int r) {
                if (r <= 0) {
                    err[0] = r == 0 ? -Errno.EIO : r;
                    return Action.DISARM;
                }
                sent[0] += r;
                if (sent[0] < data.length) {
                    submit(comp.prepSend(fd, src.asSlice(sent[0]), 0), this);
                }
                return Action.DISARM;
            }
        });
        while (err[0] == 0 && sent[0] < data.length) {
            loop().run(RunMode.ONCE);
        }
        assertEquals(0, err[0], () -> "send: " + CallbackRecorder.describe(err[0]));
        return data;
    }
}
