package io.zokio.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> one thread at a time (the test's); each {@link #command} blocks until the child answers,
 * bounded by the calling test's {@code @Timeout}.
 *
 * <p>The parent's handle on a {@link PeerMain} child JVM: the same {@code java} (from {@code java.home}) with
 * this module's test classes on its class path (PeerMain needs nothing else). {@link #close} asks it to exit
 * and then kills it, so that a test's {@code finally} never leaves it behind.
 */
final class PeerProcess implements AutoCloseable {
    private final Process process;
    private final PrintStream to;
    private final BufferedReader from;

    private PeerProcess(Process process) {
        this.process = process;
        this.to = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    static PeerProcess start() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classes;
        try {
            classes = Path.of(PeerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xmx512m", "-Xss256k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", classes, PeerMain.class.getName()));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        PeerProcess p = new PeerProcess(pb.start());
        try {
            String hello = p.from.readLine();
            if (!"ready".equals(hello)) {
                throw new IOException("peer did not start: " + hello);
            }
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Sends one command; returns the child's answer split into words. */
    String[] command(String line) throws IOException {
        to.println(line);
        String answer = from.readLine();
        if (answer == null) {
            throw new IOException("peer exited (code " + (process.isAlive() ? "?" : process.exitValue())
                    + ") during: " + line);
        }
        if (answer.startsWith("error")) {
            throw new IOException("peer failed " + line + ": " + answer);
        }
        return answer.split(" ");
    }

    /** Opens {@code n} connections to {@code port}; returns how many failed (with the first error). */
    String connect(int port, int n, int threads) throws IOException {
        String[] a = command("connect " + port + " " + n + " " + threads);
        int ok = Integer.parseInt(a[1]);
        if (ok != n) {
            return (n - ok) + " of " + n + " connects failed, first: " + a[3];
        }
        return null;
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                to.println("exit");
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                from.close();
            } catch (IOException ignored) {
                // the pipes are gone with the process
            }
            to.close();
        }
    }
}
