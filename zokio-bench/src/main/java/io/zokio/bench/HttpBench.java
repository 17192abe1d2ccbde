package io.zokio.bench;

import io.zokio.bench.netty.NettyHttpFileServer;
import io.zokio.examples.http.HttpFileServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>Threading:</b> the main thread drives {@code wrk} processes one after another; servers are other JVMs.
 *
 * <p>{@code http}: a static file served over HTTP/1.1 keep-alive, a 4 KiB and a 1 MiB file, driven by
 * {@code wrk} (one thread, {@value #CONNECTIONS} connections, {@code --latency}) against each server in turn.
 * Servers are separate JVMs with the same flags ({@link ServerProcess#JVM_FLAGS}), each on one event-loop
 * thread where it has a choice: {@code zokio-uring}/{@code zokio-nio} (the {@link HttpFileServer} example,
 * one worker, a virtual thread per connection); baselines {@code netty-epoll} and {@code netty-iouring}
 * ({@link NettyHttpFileServer}: one loop thread; a file of up to {@value NettyHttpFileServer#COPY_MAX_BYTES} bytes
 * read into a pooled {@code ByteBuf} and sent with its head, a larger one as a zero-copy {@code DefaultFileRegion};
 * {@code copy_max_bytes=} on their lines) and
 * {@code jdk-httpserver} ({@code com.sun.net.httpserver} with the JDK's file handler on virtual threads).
 * Reports requests per second, MiB/s of body, wrk's p50/p99 latency and the server process's CPU per request
 * ({@code server_cpu_us_per_op}, in microseconds; also as seconds per 100,000 requests), each the median over the {@link Rounds rounds} (one wrk window per server and file each, the servers'
 * order rotating; the servers' warm-up at start is the warm-up round). When {@code wrk} is not installed, every
 * case is reported as {@code skipped=}.
 */
public final class HttpBench implements Bench {
    static final int CONNECTIONS = 16;
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final String[] FILES = {"4k.bin", "1m.bin"};
    private static final int[] FILE_BYTES = {4096, 1 << 20};
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m),");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$");
    /** wrk's threads ({@code -Dzokio.bench.wrkThreads}, default 1): each is one more busy core of load. */
    static final int WRK_THREADS = Integer.getInteger("zokio.bench.wrkThreads", 1);
    /** The children line of the shell's {@code times} builtin after wrk ran: user and system time of wrk. */
    private static final Pattern CHILD_TIMES = Pattern.compile("(?m)^(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*\\z");
    /** Settings a server prints on its ready line that its lines carry (the Netty server's). */
    private static final List<String> READY_EXTRAS = List.of("netty_unsafe", "copy_max_bytes");
    private static final Pattern ERRORS = Pattern.compile("(Non-2xx or 3xx responses: \\d+|Socket errors: .*)");

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String header(Options o) {
        return "http: GET of a 4 KiB and a 1 MiB file over keep-alive, wrk -t1 -c" + CONNECTIONS + " --latency, "
                + Rounds.count(o.scale()) + " interleaved rounds of a " + windowSecs(o) + " s window per server and "
                + "file after a " + warmupSecs(o) + " s warm-up per file; rps, latencies and CPU figures are medians "
                + "of the rounds; server_cpu_us_per_op: the server process's CPU (all its threads, /proc/<pid>/stat, "
                + "10 ms ticks) over the window per request; each server a separate JVM on one event-loop thread (" + String.join(" ", ServerProcess.JVM_FLAGS)
                + "); zokio-*: HttpFileServer example (virtual thread per connection, 1 worker, read+send from the loop, idle "
                + "mode " + o.idleMode().name().toLowerCase(java.util.Locale.ROOT) + "); "
                + "baselines netty-epoll, netty-iouring (files up to " + NettyHttpFileServer.COPY_MAX_BYTES
                + " bytes read into a pooled ByteBuf and sent with the head, larger ones as a zero-copy "
                + "DefaultFileRegion: copy_max_bytes), jdk-httpserver "
                + "(com.sun.net.httpserver file handler, virtual threads)";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-epoll", "netty-iouring", "jdk-httpserver");
    }

    private static int warmupSecs(Options o) {
        return switch (o.scale()) {
            case FULL -> 3;
            case QUICK, TINY -> 1;
        };
    }

    private static int windowSecs(Options o) {
        return switch (o.scale()) {
            case FULL -> 5;
            case QUICK -> 2;
            case TINY -> 1;
        };
    }

    private static final class Server {
        final String impl;
        final String mainClass;
        final List<String> args;
        ServerProcess process;
        String failure;
        /** wrk's error counts of the last window that had any, per file. */
        final String[] errors = new String[FILES.length];

        Server(String impl, String mainClass, List<String> args) {
            this.impl = impl;
            this.mainClass = mainClass;
            this.args = args;
        }
    }

    private static List<Server> servers(Path root, Options o) {
        String dir = root.toString();
        List<Server> list = new ArrayList<>();
        for (ZokioImpl z : ZokioImpl.values()) {
            list.add(new Server(z.implName(), HttpFileServer.class.getName(),
                    List.of("--root", dir, "--port", "0", "--workers", "1", "--backend", z.serverArg(), "--idle",
                            o.idleMode().name().toLowerCase(java.util.Locale.ROOT))));
        }
        for (String t : new String[] {"epoll", "iouring"}) {
            list.add(new Server("netty-" + t, NettyHttpFileServer.class.getName(),
                    List.of("--root", dir, "--port", "0", "--transport", t)));
        }
        list.add(new Server("jdk-httpserver", JdkHttpFileServer.class.getName(), List.of("--root", dir, "--port", "0")));
        String only = System.getProperty("zokio.bench.impls", "");
        if (!only.isBlank()) { // for profiling a few servers: -Dzokio.bench.impls=a,b
            List<String> picked = List.of(only.split(","));
            list.removeIf(srv -> !picked.contains(srv.impl));
        }
        return list;
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        String wrk = findWrk();
        Path root = Files.createTempDirectory("zokio-http-bench");
        try {
            Random rnd = new Random(1);
            for (int f = 0; f < FILES.length; f++) {
                byte[] data = new byte[FILE_BYTES[f]];
                rnd.nextBytes(data);
                Files.write(root.resolve(FILES[f]), data);
            }
            List<Server> servers = servers(root, o);
            if (wrk == null) {
                for (Server s : servers) {
                    for (int f = 0; f < FILES.length; f++) {
                        reporter.skipped(name(), s.impl, extras(f), "wrk not on PATH (Debian: apt-get install wrk)");
                    }
                }
                return;
            }
            List<LevelCase<Server>> cases = LevelCase.grid(FILES.length, servers);
            Map<LevelCase<Server>, Rounds.Outcome> out;
            try {
                for (Server s : servers) {
                    start(s, wrk, o);
                }
                out = Rounds.run(o, cases, LevelCase::level, (c, round) -> {
                    if (c.impl().failure != null) {
                        throw new ZokioImpl.Unavailable(c.impl().failure);
                    }
                    if (round == Rounds.WARMUP) {
                        return null;
                    }
                    Sample w = window(c.impl(), c.level(), wrk, windowSecs(o));
                    if (w.ops() == 0) {
                        throw new IOException("no request completed; server output: "
                                + c.impl().process.outputTail());
                    }
                    return w;
                });
            } finally {
                for (Server s : servers) {
                    if (s.process != null) {
                        s.process.close();
                    }
                }
            }
            for (Server s : servers) {
                for (int f = 0; f < FILES.length; f++) {
                    report(s, f, out.get(new LevelCase<>(s, f)), reporter);
                }
            }
        } finally {
            for (String f : FILES) {
                Files.deleteIfExists(root.resolve(f));
            }
            Files.deleteIfExists(root);
        }
    }

    private static Map<String, String> extras(int file) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("file_bytes", Integer.toString(FILE_BYTES[file]));
        m.put("connections", Integer.toString(CONNECTIONS));
        return m;
    }

    private static String findWrk() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, "wrk");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    private static void start(Server s, String wrk, Options o) throws InterruptedException {
        try {
            s.process = ServerProcess.start(s.mainClass, s.args, START_TIMEOUT_SECONDS);
        } catch (IOException e) {
            s.failure = "server did not start: " + e.getMessage();
            return;
        }
        for (int f = 0; f < FILES.length && s.failure == null; f++) {
            try {
                window(s, f, wrk, warmupSecs(o)); // JIT warm-up on both files, nothing recorded
            } catch (IOException e) {
                s.failure = "warm-up failed: " + e.getMessage();
            }
        }
    }

    /** One wrk window; its figures are wrk's latencies, the server's CPU and wrk's own CPU over the window. */
    private static Sample window(Server s, int f, String wrk, int secs) throws InterruptedException, IOException {
        String url = "http://127.0.0.1:" + s.process.port() + "/" + FILES[f];
        // through sh, whose `times` then prints wrk's CPU time (the children line) after wrk's own output
        List<String> cmd = List.of("sh", "-c", "\"$0\" \"$@\"; s=$?; times; exit $s", wrk, "-t" + WRK_THREADS, "-c" + CONNECTIONS,
                "-d" + secs + "s", "--latency", url);
        try {
            double cpu0 = s.process.cpuSeconds();
            double sys0 = s.process.systemCpuSeconds();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try {
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                if (!p.waitFor(secs + 30L, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            double cpu = s.process.cpuSeconds() - cpu0;
            double sys = s.process.systemCpuSeconds() - sys0;
            Matcher m = REQUESTS.matcher(out);
            if (p.exitValue() != 0 || !m.find()) {
                throw new IOException("wrk failed (status " + p.exitValue() + "): " + out.replace('\n', ' '));
            }
            long requests = Long.parseLong(m.group(1));
            double wsecs = toUs(Double.parseDouble(m.group(2)), m.group(3)) / 1e6;
            double clientCpu = 0;
            Matcher ct = CHILD_TIMES.matcher(out.strip());
            if (ct.find()) {
                clientCpu = Integer.parseInt(ct.group(1)) * 60 + Double.parseDouble(ct.group(2))
                        + Integer.parseInt(ct.group(3)) * 60 + Double.parseDouble(ct.group(4));
            }
            Sample sample = Sample.of(requests, wsecs);
            for (String line : out.split("\n")) {
                Matcher pm = PERCENTILE.matcher(line);
                if (pm.matches()) {
                    sample = sample.with(pm.group(1).equals("50") ? "p50_us" : "p99_us",
                            toUs(Double.parseDouble(pm.group(2)), pm.group(3)));
                }
                Matcher em = ERRORS.matcher(line);
                if (em.find() && !line.contains("connect 0, read 0, write 0, timeout 0")) {
                    s.errors[f] = em.group(1).replace(' ', '_').replace(",", "");
                }
            }
            return sample.with("server_cpu_us_per_op", cpu * 1e6 / Math.max(requests, 1))
                    .with("server_cpu_s_per_100k", cpu / (Math.max(requests, 1) / 100_000.0))
                    .with("server_cpu_util", cpu / wsecs)
                    .with("server_sys_share", sys / Math.max(cpu, 0.01))
                    .with("client_cpu_util", clientCpu / wsecs);
        } catch (IOException | RuntimeException e) {
            throw new IOException(Reporter.reason(e) + "; server output: " + s.process.outputTail(), e);
        }
    }

    private static double toUs(double v, String unit) {
        return switch (unit) {
            case "us" -> v;
            case "ms" -> v * 1e3;
            case "s" -> v * 1e6;
            case "m" -> v * 60e6;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    private void report(Server s, int f, Rounds.Outcome oc, Reporter reporter) {
        Map<String, String> extras = extras(f);
        if (oc.failure() == null) {
            double rps = oc.spread().median();
            extras.put("rps", fmt("%.0f", rps));
            extras.put("mib_per_s", fmt("%.1f", rps * FILE_BYTES[f] / (1 << 20)));
            oc.putMedians(extras, "%.1f", "p50_us", "p99_us");
            oc.putMedians(extras, "%.2f", "server_cpu_us_per_op");
            oc.putMedians(extras, "%.3f", "server_cpu_s_per_100k");
            oc.putMedians(extras, "%.2f", "server_cpu_util", "server_sys_share", "client_cpu_util");
            extras.put("backend", s.process.backend());
            String idle = ServerProcess.idleArg(s.args);
            if (idle != null) {
                extras.put("idle", idle);
            }
            for (String key : READY_EXTRAS) {
                String v = s.process.readyExtras().get(key);
                if (v != null) {
                    extras.put(key, v);
                }
            }
            if (s.errors[f] != null) {
                extras.put("errors", s.errors[f]);
            }
        }
        reporter.outcome(name(), s.impl, oc, extras);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
