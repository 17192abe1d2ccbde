package io.zokio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> runs on the calling thread; starts one JVM at a time and waits for it.
 *
 * <p>{@code startup}: how long a process takes to get its first runtime. Per backend, {@link StartupProbe} runs
 * in fresh JVMs (10 on a full run, with the launcher's flags): {@code cold} runs report the median
 * {@code first_build_ms} (the first {@code Runtime.build()}, 2 workers) and {@code first_echo_ms} (a first
 * connection and one byte each way); as many {@code breakdown} runs report the median cost of each part warmed
 * on its own before the build (logging, first and second event loop, platform MBean server) and the build after
 * them (on io_uring the FFM binding's class initialisation and the kernel probe as well). {@code ops} is the
 * number of cold JVMs and {@code secs} their summed build time, so the rate is builds
 * per second of build time; the figures to read are the {@code *_ms} pairs. No external baseline.
 */
public final class StartupBench implements Bench {
    private static final long PROBE_TIMEOUT_SECONDS = 60;

    @Override
    public String name() {
        return "startup";
    }

    private static int jvms(Options o) {
        return (int) o.scale().count(10, 1);
    }

    @Override
    public String header(Options o) {
        return "startup: first Runtime.build() (2 workers) and first echo in a fresh JVM, median of " + jvms(o)
                + " JVMs per impl, plus the median cost of each part warmed alone (breakdown JVMs: logging, FFM binding,"
                + " kernel probe, first and second event loop, platform MBean server, build after them); impls "
                + "zokio-uring, zokio-nio; no external baseline";
    }

    @Override
    public List<String> baselines() {
        return List.of();
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        int n = jvms(o);
        for (ZokioImpl impl : ZokioImpl.values()) {
            List<Map<String, String>> cold = new ArrayList<>();
            List<Map<String, String>> parts = new ArrayList<>();
            String skipped = null;
            for (int i = 0; i < n && skipped == null; i++) {
                Map<String, String> c = probe(impl, "cold");
                skipped = c.get("skipped");
                cold.add(c);
                if (skipped == null) {
                    parts.add(probe(impl, "breakdown"));
                    skipped = parts.getLast().get("skipped");
                }
            }
            if (skipped != null) {
                reporter.skipped(name(), impl.implName(), Map.of(), skipped);
                continue;
            }
            Map<String, String> extras = new LinkedHashMap<>();
            extras.put("jvms", Integer.toString(n));
            for (String key : cold.getFirst().keySet()) {
                extras.put(key, median(cold, key));
            }
            for (String key : parts.getFirst().keySet()) {
                extras.put(key, median(parts, key));
            }
            double buildSecs = cold.stream().mapToDouble(m -> Double.parseDouble(m.get("first_build_ms"))).sum() / 1e3;
            reporter.measured(name(), impl.implName(), n, Math.max(buildSecs, 1e-6), extras);
        }
    }

    private static String median(List<Map<String, String>> runs, String key) {
        double[] v = runs.stream().mapToDouble(m -> Double.parseDouble(m.get(key))).sorted().toArray();
        double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.1f", med);
    }

    /** Runs one probe JVM; its pairs, or {@code skipped=<reason>}. */
    private static Map<String, String> probe(ZokioImpl impl, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(StartupProbe.class.getName());
        cmd.add(impl.serverArg());
        cmd.add(mode);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return Map.of("skipped", "probe did not exit within " + PROBE_TIMEOUT_SECONDS + " s");
        }
        for (String line : lines) {
            if (line.startsWith("startup-probe skipped=")) {
                return Map.of("skipped", line.substring("startup-probe skipped=".length()));
            }
            if (line.startsWith("startup-probe ")) {
                Map<String, String> m = new LinkedHashMap<>();
                for (String token : line.substring("startup-probe ".length()).strip().split(" +")) {
                    int eq = token.indexOf('=');
                    m.put(token.substring(0, eq), token.substring(eq + 1));
                }
                return m;
            }
        }
        return Map.of("skipped", "probe printed no result (exit " + p.exitValue() + "): " + String.join(" | ", lines));
    }
}
