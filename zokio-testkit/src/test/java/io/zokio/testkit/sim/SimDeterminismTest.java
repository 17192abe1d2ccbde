package io.zokio.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.zokio.loop.Completion;
import io.zokio.loop.RunMode;
import io.zokio.sys.OpenFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same trace of (op, result, virtual time); another seed, another trace. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SimDeterminismTest {
    @TempDir
    Path dir;

    /** An echo, file writes and reads, and a few NOPs and a timer, all in flight together. */
    private List<String> trace(long seed, String run) throws Exception {
        SimConfig config = SimConfig.seeded(seed).withLatency(1_000, 2_000_000).withShortRate(0.3)
                .withSocketBufferBytes(8 * 1024);
        byte[] payload = new byte[50_000];
        new SplittableRandom(99).nextBytes(payload);
        Path sub = Files.createDirectories(dir.resolve(run));
        try (SimHarness h = new SimHarness(config)) {
            Echo echo = new Echo(h, payload);
            echo.start();
            for (int i = 0; i < 4; i++) {
                int id = i;
                Path p = sub.resolve("f" + i);
                h.submit(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, p.toString(),
                        OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644).callback(h.record((l, c, fd) -> {
                            h.submit(new Completion().prepWrite(fd, h.bytes("file " + id), 0)
                                    .callback(h.record((l2, c2, n) -> {
                                        h.submit(new Completion().prepRead(fd, h.arena.allocate(16), 0));
                                        return io.zokio.loop.Action.DISARM;
                                    })));
                            return io.zokio.loop.Action.DISARM;
                        })));
                h.submit(new Completion().prepNop());
            }
            h.submit(new Completion().prepTimeout(1_500_000));
            h.loop.run(RunMode.UNTIL_DONE);
            assertArrayEquals(payload, echo.received.toByteArray());
            h.trace.add("end @" + h.clock.nanoTime() + " faults " + h.backend.faultsInjected());
            return List.copyOf(h.trace);
        }
    }

    @Test
    void sameSeedSameTraceOtherSeedOtherTrace() throws Exception {
        List<String> a = trace(42, "a");
        List<String> b = trace(42, "b");
        List<String> c = trace(43, "c");
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(a.size() > 20, true, "a real workload: " + a.size() + " callbacks");
    }
}
