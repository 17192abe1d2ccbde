package io.zokio.bench.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bench.BenchMain;
import io.zokio.bench.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs each file and buffer bench at --tiny and checks the shape of its output; never timings. */
class FsBenchTest {
    private static final Map<String, List<String>> IMPLS = Map.of(
            "file_read", FileReadBench.IMPLS,
            "file_seq", List.of("zokio-read", "filechannel-read", "zokio-write", "filechannel-write"),
            "pinning", PinningBench.IMPLS,
            "alloc", List.of("zokio", "netty-pooled", "netty-adaptive"));

    @ParameterizedTest
    @ValueSource(strings = {"file_read", "file_seq", "pinning", "alloc"})
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
                results.add(Result.parse(line));
            }
        }
        for (String impl : IMPLS.get(bench)) {
            Result r = results.stream().filter(x -> x.impl().equals(impl)).findFirst().orElse(null);
            assertTrue(r != null, impl + " reported\n" + out);
            if (!impl.equals("fio-io_uring")) { // fio may be absent: then a skipped= line is the contract
                assertFalse(r.isSkipped(), impl + " skipped\n" + out);
                assertTrue(r.ops() > 0, impl + "\n" + out);
            }
            if (bench.equals("pinning")) {
                for (String key : List.of("late_p99_ms", "pings", "offered_per_s", "achieved_per_s")) {
                    Double.parseDouble(r.extras().get(key)); // present and numeric; values are not checked
                }
            }
            if (bench.equals("alloc")) { // a line per leak-detection level
                for (String level : AllocBench.LEAK_LEVELS) {
                    assertTrue(results.stream().anyMatch(x -> x.impl().equals(impl)
                            && level.equals(x.extras().get("leak_detection")) && x.ops() > 0),
                            impl + " leak_detection=" + level + "\n" + out);
                }
            }
        }
        assertTrue(out.contains("# ratios"), "ratio table\n" + out);
    }
}
