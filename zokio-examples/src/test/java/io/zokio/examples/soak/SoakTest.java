package io.zokio.examples.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The short soak of the test suite: every load at once for a few seconds per backend, then its verdict. */
class SoakTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    @Timeout(180)
    void shortSoakPasses(BackendKind kind) throws Exception {
        if (kind == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Soak.Options o = new Soak.Options(Duration.ofSeconds(12), kind, Duration.ofSeconds(3), 7,
                Set.of("echo", "http", "files", "timers", "tasks"), true);
        boolean ok = Soak.run(o, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertTrue(ok, out);
        assertTrue(out.contains("soak: PASS"), out);
        assertTrue(out.matches("(?s).*exactly-once checker.* 0 lost, 0 violations.*"), out);
        // every load made progress: its count in the verdict line is positive
        String verdict = out.lines().filter(l -> l.startsWith("soak: PASS")).findFirst().orElseThrow();
        for (String load : List.of("echo", "http", "files", "timers", "tasks")) {
            long n = Long.parseLong(verdict.replaceAll(".* " + load + "=(\\d+).*", "$1"));
            assertTrue(n > 0, load + " made no progress: " + verdict);
        }
    }

    @Test
    void growthCheckTellsASteadyRiseFromNoise() {
        List<ProcessSample> flat = series(100, 120, 90, 110, 100, 105, 95, 100, 110, 100);
        assertEquals(null, GrowthCheck.check(flat, "fds", ProcessSample::fds, 5, 0));
        List<ProcessSample> rising = series(100, 100, 110, 120, 130, 140, 150, 160, 170, 180);
        assertTrue(GrowthCheck.check(rising, "fds", ProcessSample::fds, 5, 0).contains("grew steadily"));
        List<ProcessSample> spike = series(100, 100, 100, 100, 100, 100, 100, 100, 100, 400);
        assertEquals(null, GrowthCheck.check(spike, "fds", ProcessSample::fds, 5, 0), "one spike is not growth");
    }

    @Test
    void badOptionsAreRefusedClearly() {
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(new String[] {"--minutes", "-1"}));
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(new String[] {"--backend", "x"}));
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(new String[] {"--loads", "disk"}));
        assertThrows(IllegalArgumentException.class, () -> Soak.Options.parse(new String[] {"--minutes"}));
        assertEquals(Duration.ofMinutes(60), Soak.Options.parse(new String[] {"--minutes", "60"}).length());
    }

    private static List<ProcessSample> series(long... fds) {
        return java.util.Arrays.stream(fds).mapToObj(f -> new ProcessSample(1, 1, f, 1, 0)).toList();
    }
}
