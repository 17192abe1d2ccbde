package io.zokio.bench.http;

import io.zokio.bench.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> one thread at a time.
 *
 * <p>The load generator of the http_plaintext and http_json benches: {@code wrk} found on the PATH (installed
 * with {@code apt-get install -y wrk} when missing and this process is root), run for a fixed time with
 * {@code --latency}, and for pipelining with the {@code pipeline.lua} script shipped beside this class (copied
 * to a temporary file, deleted by {@link #close()}). Each run goes through {@code sh -c '...; times'} so that
 * wrk's own CPU time is printed after its output.
 */
final class Wrk implements AutoCloseable {
    /** wrk's per-request timeout (its default is 2 s): a response later than this counts as a socket error. */
    static final int TIMEOUT_SECS = 8;

    private final String exe;
    private final int threads;
    private final int connections;
    private final Path script;

    private Wrk(String exe, int threads, int connections, Path script) {
        this.exe = exe;
        this.threads = threads;
        this.connections = connections;
        this.script = script;
    }

    /**
     * Finds (or installs) wrk and writes the pipelining script.
     *
     * @throws IOException with the reason when wrk is missing and cannot be installed here
     */
    static Wrk open(int threads, int connections) throws IOException, InterruptedException {
        String exe = Tools.onPath("wrk");
        if (exe == null) {
            Tools.aptInstall("wrk is not installed", "wrk");
            exe = Tools.onPath("wrk");
            if (exe == null) {
                throw new IOException("wrk still not on the PATH after apt-get install -y wrk");
            }
        }
        Path script = Files.createTempFile("zokio-wrk-pipeline", ".lua");
        try (InputStream in = Wrk.class.getResourceAsStream("pipeline.lua")) {
            if (in == null) {
                throw new IOException("pipeline.lua missing from the class path");
            }
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            Files.deleteIfExists(script);
            throw e;
        }
        return new Wrk(exe, threads, connections, script);
    }

    int threads() {
        return threads;
    }

    int connections() {
        return connections;
    }

    /**
     * Runs wrk against {@code url} for {@code secs} seconds, {@code pipeline} requests per write (1: none).
     *
     * @throws IOException when wrk fails or prints no result; the message carries its output
     */
    WrkResult run(String url, int secs, int pipeline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "\"$0\" \"$@\"; s=$?; times; exit $s", exe,
                "-t" + threads, "-c" + connections, "-d" + secs + "s",
                "--timeout", TIMEOUT_SECS + "s", "--latency"));
        if (pipeline > 1) {
            cmd.addAll(List.of("-s", script.toString()));
        }
        cmd.add(url);
        if (pipeline > 1) {
            cmd.addAll(List.of("--", Integer.toString(pipeline)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (!p.waitFor(secs + 30L, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (p.exitValue() != 0) {
            throw new IOException("wrk exited with " + p.exitValue() + ": " + out.replace('\n', ' '));
        }
        try {
            return WrkResult.parse(out);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage() + ": " + out.replace('\n', ' '), e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(script);
    }
}
