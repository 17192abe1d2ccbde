package io.zokio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>Threading:</b> one owner thread calls the methods; one daemon thread per process copies its output.
 *
 * <p>A server started as a separate JVM ({@code java -cp <this JVM's class path> <main> args}), ready once it prints
 * {@code echo-server listening on 127.0.0.1:<port> backend=<name>} (or {@code http-server ...}), stopped by SIGTERM (then SIGKILL if it
 * does not exit in time). Every start and stop is bounded in time; a shutdown hook kills servers left running
 * if the bench itself is interrupted.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern READY =
            Pattern.compile("(?:echo|http)-server listening on 127\\.0\\.0\\.1:(\\d+) backend=(\\S+)(.*)");
    private static final Pattern BACKEND = Pattern.compile("\\bbackend=(\\S+)");
    private static final int OUTPUT_LINES_KEPT = 20;

    /** JVM flags of every server, Zokio's and Netty's alike (Netty's recommended flags on JDK 24+). */
    public static final List<String> JVM_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xms256m", "-Xmx256m",
            // Zokio's AFFINE carrier mode (virtual-thread servers) reaches a JDK-internal constructor; as the launcher
            "--add-opens=java.base/java.lang=ALL-UNNAMED");

    private final Process process;
    private final int port;
    private final String backend;
    private final List<String> output;
    private final Map<String, String> readyExtras;
    private final Thread killHook = new Thread(this::kill, "kill-server");

    private ServerProcess(Process process, int port, String backend, String readyRest, List<String> output) {
        this.process = process;
        this.readyExtras = new LinkedHashMap<>();
        for (String token : readyRest.strip().split(" +")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                readyExtras.put(token.substring(0, eq), token.substring(eq + 1));
            }
        }
        this.port = port;
        this.backend = backend;
        this.output = output;
        Runtime.getRuntime().addShutdownHook(killHook);
    }

    /**
     * The idle mode a server was started with ({@code --idle MODE} among {@code args}, as the Zokio servers
     * take it), for its result line; null for a server that takes none (the baselines park at once).
     */
    public static String idleArg(List<String> args) {
        int i = args.indexOf("--idle");
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    /**
     * Starts {@code mainClass} with {@code args} and waits for its ready line.
     *
     * @throws IOException when it exits or stays silent for {@code startTimeoutSeconds}; the message carries the
     *     last lines it printed (e.g. why io_uring was refused)
     */
    public static ServerProcess start(String mainClass, List<String> args, long startTimeoutSeconds)
            throws IOException, InterruptedException {
        return start(List.of(), List.of(), mainClass, args, startTimeoutSeconds, READY);
    }

    /**
     * Starts {@code mainClass} with {@code args} as {@code prefix java JVM_FLAGS zokio-properties jvmArgs -cp ...}
     * and waits for a line matching {@code ready}, whose group 1 is the port; the backend is the line's
     * {@code backend=} value, or {@code unknown}, and the {@code key=value} tokens after the port are the
     * {@link #readyExtras()}.
     *
     * @param prefix a command the JVM runs under that execs it in the same process (e.g. {@code taskset -c 0,1}),
     *     or empty
     * @param jvmArgs JVM flags after {@link #JVM_FLAGS} and the bench's own {@code zokio.*} properties (they win),
     *     followed by the space-separated flags of {@code -Dzokio.bench.serverJvmFlags} when set
     */
    public static ServerProcess start(List<String> prefix, List<String> jvmArgs, String mainClass, List<String> args,
            long startTimeoutSeconds, Pattern ready) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        // the bench's own zokio.* settings (e.g. -Dzokio.uring.setup=single) apply to its servers too
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("zokio.")) {
                cmd.add("-D" + name + "=" + System.getProperty(name));
            }
        }
        cmd.addAll(jvmArgs);
        // flags for every server JVM, e.g. a profiler: -Dzokio.bench.serverJvmFlags="-XX:StartFlightRecording=..."
        String extra = System.getProperty("zokio.bench.serverJvmFlags", "").strip();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread killer = new Thread(p::destroyForcibly, "kill-" + p.pid());
        Runtime.getRuntime().addShutdownHook(killer);
        List<String> output = new ArrayList<>();
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
        Thread reader = Thread.ofPlatform().daemon().name("server-output-" + p.pid()).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                        if (output.size() > OUTPUT_LINES_KEPT) {
                            output.removeFirst();
                        }
                    }
                    lines.offer(line);
                }
            } catch (IOException e) {
                // the process ended
            }
            lines.offer("\u0000eof");
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startTimeoutSeconds);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals("\u0000eof")) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                Runtime.getRuntime().removeShutdownHook(killer);
                String tail;
                synchronized (output) {
                    tail = String.join(" | ", output);
                }
                throw new IOException((line == null ? "no ready line within " + startTimeoutSeconds + " s"
                        : "exited with status " + p.exitValue()) + ": " + tail);
            }
            Matcher m = ready.matcher(line);
            if (m.find()) {
                Runtime.getRuntime().removeShutdownHook(killer);
                String rest = line.substring(m.end(1));
                Matcher b = BACKEND.matcher(rest);
                String backend = b.find() ? b.group(1) : "unknown";
                return new ServerProcess(p, Integer.parseInt(m.group(1)), backend, b.replaceFirst(""), output);
            }
        }
    }

    public int port() {
        return port;
    }

    /** The backend the server reported ({@code io_uring}, {@code nio}, {@code netty-epoll}, ...). */
    public String backend() {
        return backend;
    }

    /** Further {@code key=value} pairs of the ready line (e.g. {@code netty_unsafe=true}). */
    public Map<String, String> readyExtras() {
        return Collections.unmodifiableMap(readyExtras);
    }

    public long pid() {
        return process.pid();
    }

    /** CPU seconds the server process has used so far. */
    public double cpuSeconds() throws IOException {
        return ProcCpu.cpuSeconds(process.pid());
    }

    /** The server's kernel (system) CPU seconds so far. */
    public double systemCpuSeconds() throws IOException {
        return ProcCpu.systemSeconds(process.pid());
    }

    /** Exit status after {@link #close()}, or -1 when it had to be killed or is still running. */
    public int exitStatus() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Stops the server: SIGTERM, up to 10 s to exit, then SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs and finds the process gone
        }
    }

    private void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last lines the server printed. */
    public String outputTail() {
        synchronized (output) {
            return String.join(" | ", output);
        }
    }
}
