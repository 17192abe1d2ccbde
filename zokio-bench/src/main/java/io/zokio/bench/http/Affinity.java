package io.zokio.bench.http;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>The cores every server of the http benches is bound to: {@code -Dzokio.bench.http.cpus=LIST} (a
 * {@code taskset -c} list such as {@code 1} or {@code 0-1}), else the cores this JVM may run on
 * ({@code Cpus_allowed_list} of {@code /proc/self/status}). Servers start under {@code taskset -c LIST}, which
 * execs the JVM in the same process; without {@code taskset} they inherit this JVM's affinity.
 */
final class Affinity {
    private static final String TASKSET = "/usr/bin/taskset";

    private Affinity() {
    }

    /** The cores, or null when unknown. */
    static String cpus() {
        String p = System.getProperty("zokio.bench.http.cpus", "");
        if (!p.isBlank()) {
            return p.strip();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux: unknown
        }
        return null;
    }

    /** The command the server JVMs run under, or empty. */
    static List<String> prefix() {
        String cpus = cpus();
        return cpus != null && new File(TASKSET).canExecute() ? List.of(TASKSET, "-c", cpus) : List.of();
    }

    /** For the header line. */
    static String describe() {
        List<String> p = prefix();
        return p.isEmpty() ? "servers not bound (no taskset), sharing this JVM's cores"
                : "all servers bound to cpus " + p.getLast() + " (taskset; wrk unbound)";
    }
}
