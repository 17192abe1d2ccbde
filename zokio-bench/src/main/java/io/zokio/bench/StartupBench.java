package io.zokio.bench;

import io.zokio.runtime.Runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> runs on the calling thread; starts one JVM at a time and waits for it.
 *
 * <p>{@code startup}: how long a process takes to get its first runtime. Per backend, {@link StartupProbe} runs
 * in fresh JVMs (with the launcher's flags), one {@code cold} and one {@code breakdown} JVM per impl and
 * {@link Rounds round} (10 rounds on a full run, the impls alternating): {@code cold} runs report the median
 * {@code first_build_ms} (the first {@code Runtime.build()}, 2 workers) and {@code first_echo_ms} (a first
 * connection and one byte each way); as many {@code breakdown} runs report the median cost of each part warmed
 * on its own before the build (logging, first and second event loop, platform MBean server) and the build after
 * them (on io_uring the FFM binding's class initialisation and the kernel probe as well). {@code ops} is the
 * number of cold JVMs and {@code secs} their summed build time; the rate is the median round's builds per second
 * of build time; the figures to read are the {@code *_ms} pairs. The warm-up round runs one of each JVM too (the
 * page cache holds the classes afterwards). No external baseline.
 */
public final class StartupBench implements Bench {
    private static final long PROBE_TIMEOUT_SECONDS = 60;

    @Override
    public String name() {
        return "startup";
    }

    /** Rounds, each one cold and one breakdown JVM per impl. */
    private static int jvms(Options o) {
        return o.scale() == Scale.FULL ? 10 : Rounds.count(o.scale());
    }

    @Override
    public String header(Options o) {
        return "startup: first Runtime.build() (2 workers) and first echo in a fresh JVM, median of " + jvms(o)
                + " JVMs per impl (a warm-up round, then " + jvms(o) + " interleaved rounds of one cold and one "
                + "breakdown JVM per impl), plus the median cost of each part warmed alone (breakdown JVMs: logging, FFM binding,"
                + " kernel probe, first and second event loop, platform MBean server, build after them); impls "
                + "zokio-uring, zokio-nio; no external baseline; each probe JVM's class path holds the library and the "
                + "probe only";
    }

    @Override
    public List<String> baselines() {
        return List.of();
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        List<ZokioImpl> impls = List.of(ZokioImpl.values());
        Map<ZokioImpl, Rounds.Outcome> out = Rounds.run(jvms(o), impls, k -> "", (impl, round) -> {
            Map<String, String> cold = probe(impl, "cold");
            Map<String, String> parts = cold.containsKey("skipped") ? cold : probe(impl, "breakdown");
            if (parts.containsKey("skipped")) {
                throw new ZokioImpl.Unavailable(parts.get("skipped"));
            }
            double buildMs = Double.parseDouble(cold.get("first_build_ms"));
            Sample s = Sample.of(1, Math.max(buildMs / 1e3, 1e-6));
            for (Map<String, String> m : List.of(cold, parts)) {
                for (Map.Entry<String, String> e : m.entrySet()) {
                    s = s.with(e.getKey(), Double.parseDouble(e.getValue()));
                }
            }
            return s;
        });
        for (ZokioImpl impl : impls) {
            Rounds.Outcome oc = out.get(impl);
            Map<String, String> extras = new LinkedHashMap<>();
            if (oc.failure() == null) {
                extras.put("jvms", Integer.toString(oc.samples().size()));
                oc.putMedians(extras, "%.1f", oc.samples().getFirst().figures().keySet().toArray(String[]::new));
            }
            reporter.outcome(name(), impl.implName(), oc, extras);
        }
    }

    /**
     * The probe JVM's class path: the library and the probe's own classes, as an application has the library,
     * not the bench's 78 dependencies (the JDK's service lookup at the first build reads every entry of the
     * class path, so a long one costs tens of milliseconds that are not Zokio's).
     */
    static String probeClassPath() {
        return location(Runtime.class) + java.io.File.pathSeparator + location(StartupProbe.class);
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("class path entry of " + c.getName(), e);
        }
    }

    /** Runs one probe JVM; its pairs, or {@code skipped=<reason>}. */
    private static Map<String, String> probe(ZokioImpl impl, String mode) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(probeClassPath());
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
