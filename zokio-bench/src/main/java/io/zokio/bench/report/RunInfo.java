package io.zokio.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>The run's header: when, where and how the benches ran. {@link #current} reads the machine; tests build one
 * by hand, so that a report is a function of its inputs.
 *
 * @param started when the suite started
 * @param suiteSecs how long the suite took
 * @param machine CPUs, CPU model, OS and architecture
 * @param jdk the JDK's version, VM and vendor
 * @param scale the run's scale and idle mode, e.g. {@code QUICK, idle balanced}
 * @param command the arguments the suite ran with
 */
public record RunInfo(Instant started, double suiteSecs, String machine, String jdk, String scale, String command) {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public RunInfo {
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(jdk, "jdk");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(command, "command");
    }

    /** This machine and JVM; {@code scale} and {@code command} come from the options. */
    public static RunInfo current(Instant started, double suiteSecs, String scale, String command) {
        String cpuModel = cpuModel();
        String machine = Runtime.getRuntime().availableProcessors() + " cpus"
                + (cpuModel == null ? "" : ", " + cpuModel)
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch");
        String jdk = System.getProperty("java.version") + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.vendor") + ")";
        return new RunInfo(started, suiteSecs, machine, jdk, scale, command);
    }

    /** The header lines every format prints, in order: date, machine, JDK, scale, command. */
    public List<String> lines() {
        return List.of(
                "date: " + DATE.format(started)
                        + String.format(Locale.ROOT, " (suite took %.1f s)", suiteSecs),
                "machine: " + machine,
                "jdk: " + jdk,
                "scale: " + scale,
                "command: " + command);
    }

    /** The date alone, for titles. */
    public String date() {
        return DATE.format(started);
    }

    /** The first "model name" of /proc/cpuinfo, or null where there is none (not Linux, or unreadable). */
    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).replaceAll("\\s+", " ").strip())
                    .filter(s -> !s.isEmpty())
                    .findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null; // the model is a nicety; the CPU count and OS still identify the machine
        }
    }
}
