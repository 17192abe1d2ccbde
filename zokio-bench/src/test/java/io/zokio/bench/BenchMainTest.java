package io.zokio.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs each bench at a tiny size and checks the shape of its output; never timings. */
class BenchMainTest {
    private static final List<String> SCHED = List.of("zokio-task", "zokio-vt-affine", "zokio-vt-shared", "jdk-fjp",
            "jdk-vthreads", "netty-loop");
    /** The impls each bench must report (measured or skipped); the loop benches report both backends. */
    private static final Map<String, List<String>> IMPLS = Map.of(
            "spawn_many", SCHED, "spawn_remote", SCHED, "yield_many", SCHED, "ping_pong", SCHED,
            "chained_spawn", SCHED,
            "timers", List.of("zokio", "netty-hwt", "jdk-stpe"),
            "mpsc", List.of("zokio", "zokio-vt", "jctools-mpsc-park", "jctools-mpsc-spin", "jdk-abq"),
            // measured, or skipped with the reason where the server cannot be installed or started
            "pg", List.of("zokio-socket", "jdk-socket"), "redis", List.of("zokio-socket", "jdk-socket"));

    @ParameterizedTest
    @ValueSource(strings = {"nop", "pingpong", "wakeup", "echo", "spawn_many", "spawn_remote", "yield_many",
        "ping_pong", "chained_spawn", "timers", "mpsc", "pg", "redis", "startup"})
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void benchPrintsParsableLines(String bench) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = BenchMain.run(new String[] {bench, "--tiny"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("# " + bench + ":"), "header line\n" + out);
        List<Result> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("name=")) {
                results.add(Result.parse(line)); // throws if the line does not parse
            }
        }
        assertFalse(results.isEmpty(), out);
        for (Result r : results) {
            assertEquals(bench, r.bench(), out);
            if (!r.isSkipped()) {
                assertTrue(r.ops() > 0, "ops of " + r.impl() + "\n" + out);
            }
        }
        for (String impl : IMPLS.getOrDefault(bench, List.of("zokio-uring", "zokio-nio"))) {
            assertTrue(results.stream().anyMatch(r -> r.impl().equals(impl)), impl + " reported\n" + out);
        }
        if (IMPLS.containsKey(bench) && !List.of("pg", "redis").contains(bench)) {
            for (Result r : results) {
                // only AFFINE depends on the JVM's flags (surefire passes them); everything else runs anywhere
                if (!r.impl().equals("zokio-vt-affine")) {
                    assertFalse(r.isSkipped(), r.impl() + " skipped\n" + out);
                }
                if (bench.equals("timers")) {
                    for (String key : List.of("late_mean_ms", "late_p99_ms", "late_max_ms")) {
                        Double.parseDouble(r.extras().get(key)); // present and numeric; values are not checked
                    }
                }
            }
        }
        if (bench.equals("echo")) {
            for (Result r : results) {
                assertNotNull(r.extras().get("connections"), out);
                if (!r.isSkipped()) {
                    for (String key : List.of("rps", "p50_us", "p99_us", "server_cpu_us_per_op", "server_cpu_s_per_100k")) {
                        Double.parseDouble(r.extras().get(key));
                    }
                }
            }
            assertTrue(results.stream().anyMatch(r -> r.impl().equals("netty-nio")), out);
        }
        assertTrue(out.contains("# ratios"), "ratio table\n" + out);
    }

    @Test
    void resultLinesRoundTrip() {
        Result m = Result.measured("echo", "zokio-nio", 1234, 1.5, Map.of("connections", "16"));
        Result back = Result.parse(m.line());
        assertEquals("echo", back.bench());
        assertEquals("zokio-nio", back.impl());
        assertEquals(1234, back.ops());
        assertEquals("16", back.extras().get("connections"));
        assertTrue(m.line().startsWith("name=echo impl=zokio-nio ops=1234 secs=1.500 ops_per_sec=823"), m.line());

        Result s = Result.skipped("pingpong", "netty-iouring", Map.of(), "io_uring refused: EPERM (seccomp)");
        Result sBack = Result.parse(s.line());
        assertTrue(sBack.isSkipped());
        assertEquals("io_uring refused: EPERM (seccomp)", sBack.skipped());

        assertThrows(IllegalArgumentException.class, () -> Result.parse("name=x impl=y ops=3"));
        assertThrows(IllegalArgumentException.class, () -> Result.parse("hello world"));
    }

    @Test
    void unknownBenchIsAUsageError() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(2, BenchMain.run(new String[] {"nope"}, new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("usage:"));
    }
}
