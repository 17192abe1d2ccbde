package io.zokio.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * <b>Threading:</b> one thread at a time.
 *
 * <p>The C baseline of {@link NopBench}: {@code tools/nop-cost.c} of this source tree (found from this class's
 * location, {@code zokio-bench/target/classes}, or from the working directory), compiled with
 * {@code gcc -O2 ... -luring} into a temporary directory that {@link #close()} deletes. When gcc or liburing's
 * headers are missing, the run is not a smoke run ({@code --tiny}) and this process is root with
 * {@code apt-get}, {@code apt-get install -y -q gcc liburing-dev} (once more after {@code apt-get update} when
 * that fails) installs them first. Each {@link #run} starts the
 * program once and reads its {@code ops= secs=} line.
 */
final class NopCProbe implements AutoCloseable {
    private static final long COMPILE_TIMEOUT_SECONDS = 120;
    /** The program's own warm-up before it measures, every run (a fresh process and ring each time). */
    static final long PROCESS_WARMUP_MS = 100;

    private final Path dir;
    private final Path exe;

    private NopCProbe(Path dir, Path exe) {
        this.dir = dir;
        this.exe = exe;
    }

    /**
     * Finds the source and compiles it, installing gcc and liburing-dev first when they are missing, {@code
     * mayInstall} is true and this process can.
     *
     * @throws IOException with the reason when the probe cannot be built here
     */
    static NopCProbe build(boolean mayInstall) throws IOException, InterruptedException {
        Path source = source();
        Path dir = Files.createTempDirectory("zokio-nop-cost");
        Path exe = dir.resolve("nop-cost");
        try {
            String failure = Tools.onPath("gcc") == null ? "gcc not on the PATH" : compile(source, exe);
            if (failure != null) {
                if (!mayInstall) {
                    throw new IOException(failure + " (not installing at this scale)");
                }
                System.err.println("nop: " + failure + "; installing gcc and liburing-dev with apt-get");
                Tools.aptInstall(failure, "gcc", "liburing-dev");
                failure = Tools.onPath("gcc") == null ? "gcc not on the PATH after apt-get install"
                        : compile(source, exe);
                if (failure != null) {
                    throw new IOException(failure);
                }
            }
            return new NopCProbe(dir, exe);
        } catch (IOException | InterruptedException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /**
     * Runs the program once: {@link #PROCESS_WARMUP_MS} of warm-up, then batches for {@code ms}.
     *
     * @return its NOPs and the seconds they took
     * @throws IOException when it fails or prints no result; the message carries its output
     */
    Sample run(long ms) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(exe.toString(), Long.toString(ms), Long.toString(PROCESS_WARMUP_MS))
                .redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            if (!p.waitFor((ms + PROCESS_WARMUP_MS) / 1000 + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (p.isAlive() || p.exitValue() != 0) {
            throw new IOException("nop-cost failed: " + out.replace('\n', ' '));
        }
        try {
            return Sample.of(Long.parseLong(field(out, "ops")), Double.parseDouble(field(out, "secs")));
        } catch (IllegalArgumentException e) {
            throw new IOException("nop-cost printed no result: " + out.replace('\n', ' '), e);
        }
    }

    @Override
    public void close() {
        delete(dir);
    }

    /** The value of {@code key=} in {@code line}. */
    private static String field(String line, String key) {
        for (String token : line.split("\\s+")) {
            if (token.startsWith(key + "=")) {
                return token.substring(key.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + key + "=");
    }

    /** {@code tools/nop-cost.c} above {@code zokio-bench/target/classes}, else under the working directory. */
    private static Path source() throws IOException {
        List<Path> tried = new ArrayList<>();
        try {
            Path classes = Path.of(NopCProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = classes.getParent() == null || classes.getParent().getParent() == null ? null
                    : classes.getParent().getParent().getParent();
            if (root != null) {
                tried.add(root.resolve("tools/nop-cost.c").normalize());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no usable code source (e.g. a custom class loader): the working directory only
        }
        Path cwd = Path.of("tools/nop-cost.c").toAbsolutePath().normalize();
        if (!tried.contains(cwd)) {
            tried.add(cwd);
        }
        for (Path p : tried) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("tools/nop-cost.c not found (looked at " + tried + ")");
    }

    /** {@code gcc -O2 -o exe source -luring}; null when it succeeded, else the reason with gcc's first lines. */
    private static String compile(Path source, Path exe) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("gcc", "-O2", "-o", exe.toString(), source.toString(), "-luring")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(COMPILE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "gcc did not finish in " + COMPILE_TIMEOUT_SECONDS + " s";
        }
        if (p.exitValue() == 0) {
            return null;
        }
        String head = out.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("");
        return "gcc failed (exit " + p.exitValue() + "; liburing-dev installed?): " + head;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
