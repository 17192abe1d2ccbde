package io.zokio.bench.http;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Result;
import io.zokio.bench.Rounds;
import io.zokio.bench.ServerProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * <b>Threading:</b> the main thread drives {@code wrk} runs one after another; the servers are other JVMs.
 *
 * <p>{@code http_plaintext} and {@code http_json}: TechEmpower-style hello-world HTTP/1.1 over loopback, wrk with
 * {@value #CONNECTIONS} keep-alive connections against each server in turn; plaintext without pipelining and
 * with {@value #PIPELINE_DEPTH} requests per write, JSON without. Every server is its own JVM, started once and
 * kept up across rounds; after a warm-up of each case, each round runs every case on every server once, the
 * servers' order rotated from round to round. A line's {@code ops}, {@code secs} and {@code ops_per_sec} are those
 * of its median window by requests per second ({@code min=} and {@code max=} the extremes); latency
 * percentiles, server CPU per request and {@code reqs_per_cpu_s} (requests per CPU-second of the server
 * process, from {@code /proc}) are medians of the windows too. Errors (non-2xx responses, socket errors) are
 * summed over the measured windows and flag the line.
 */
public final class HttpHelloBench implements Bench {
    static final int CONNECTIONS = 256;
    static final int PIPELINE_DEPTH = 16;
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final int WARMUP_ATTEMPTS = 3;
    private static final String NOTHING_COMPLETED = "no request completed";

    /** The two workloads. */
    public enum Kind {
        PLAINTEXT("http_plaintext", Hello.PLAINTEXT_PATH, List.of(1, PIPELINE_DEPTH)),
        JSON("http_json", Hello.JSON_PATH, List.of(1));

        final String benchName;
        final String path;
        final List<Integer> depths;

        Kind(String benchName, String path, List<Integer> depths) {
            this.benchName = benchName;
            this.path = path;
            this.depths = depths;
        }
    }

    private final Kind kind;

    public HttpHelloBench(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return kind.benchName;
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-http", "vertx", "helidon", "jdk-httpserver");
    }

    @Override
    public String header(Options o) {
        String body = kind == Kind.PLAINTEXT ? "'" + Hello.TEXT + "' as text/plain"
                : "{\"message\":\"" + Hello.TEXT + "\"} as application/json, serialized per request by one shared "
                        + "Jackson ObjectMapper";
        StringBuilder depths = new StringBuilder();
        for (int d : kind.depths) {
            depths.append(depths.isEmpty() ? "" : " and ").append(d == 1 ? "no pipelining" : "pipelining depth " + d);
        }
        return name() + ": GET " + kind.path + " answered with " + body + " (Server and Date headers), wrk -t"
                + wrkThreads() + " -c" + CONNECTIONS + " --timeout " + Wrk.TIMEOUT_SECS + "s --latency on loopback, "
                + depths + "; " + rounds(o)
                + " interleaved rounds (server order rotated) of " + windowSecs(o) + " s windows after a "
                + warmupSecs(o) + " s warm-up per case; each server a separate JVM started once ("
                + String.join(" ", ServerProcess.JVM_FLAGS) + "), " + threads(o) + " event-loop/worker threads each "
                + "(virtual-thread carriers too: -Djdk.virtualThreadScheduler.parallelism=" + threads(o) + "), "
                + Affinity.describe() + "; zokio-vt / zokio-vt-nio: " + HelloImpl.ZOKIO_SERVER
                + " (a virtual thread per connection, io_uring / NIO backend), zokio-loop: the same with --handlers loop"
                + " (HandlerMode.EVENT_LOOP: handlers on the event loop, io_uring); baselines netty-http (HttpServerCodec,"
                + " flush on read complete, pooled buffers, io_uring else epoll), vertx (Vert.x core, one verticle "
                + "instance per event loop), helidon (Helidon SE WebServer, virtual threads), jdk-httpserver "
                + "(com.sun.net.httpserver, virtual thread per exchange, -Dsun.net.httpserver.maxIdleConnections="
                + JdkHelloServer.MAX_IDLE_CONNECTIONS + "); headline: reqs_per_cpu_s (requests per "
                + "server CPU-second; wrk shares the cores), medians of rounds";
    }

    static int wrkThreads() {
        return Integer.getInteger("zokio.bench.wrkThreads", java.lang.Runtime.getRuntime().availableProcessors());
    }

    private static int threads(Options o) {
        return o.serverThreads() > 0 ? o.serverThreads() : java.lang.Runtime.getRuntime().availableProcessors();
    }

    private static int windowSecs(Options o) {
        if (o.windowSecs() > 0) {
            return o.windowSecs();
        }
        return switch (o.scale()) {
            case FULL -> 10;
            case QUICK -> 2;
            case TINY -> 1;
        };
    }

    private static int warmupSecs(Options o) {
        return switch (o.scale()) {
            case FULL -> 5;
            case QUICK -> 2;
            case TINY -> 1;
        };
    }

    private static int rounds(Options o) {
        return Rounds.count(o.scale()); // the suite's protocol: five, two in a smoke run
    }

    /** One measured window: wrk's figures and the server's CPU over it. */
    private record Window(WrkResult wrk, double serverCpu) {
        double reqsPerCpu() {
            return serverCpu > 0 ? wrk.requests() / serverCpu : Double.POSITIVE_INFINITY;
        }
    }

    /** One server process and its windows per case. */
    private static final class Server {
        final HelloImpl impl;
        ServerProcess process;
        String failure;
        /** Server and Date headers the server's answer lacked (the probe's finding), or empty. */
        String missingHeaders = "";
        final List<List<Window>> windows = new ArrayList<>();
        final String[] caseFailure;

        Server(HelloImpl impl, int cases) {
            this.impl = impl;
            this.caseFailure = new String[cases];
            for (int i = 0; i < cases; i++) {
                windows.add(new ArrayList<>());
            }
        }
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        List<Server> servers = new ArrayList<>();
        for (HelloImpl i : HelloImpl.all(o, threads(o))) {
            servers.add(new Server(i, kind.depths.size()));
        }
        Wrk wrk;
        try {
            wrk = Wrk.open(wrkThreads(), CONNECTIONS);
        } catch (IOException e) {
            for (Server s : servers) {
                for (int c = 0; c < kind.depths.size(); c++) {
                    reporter.skipped(name(), s.impl.impl(), extras(c, o), e.getMessage());
                }
            }
            return;
        }
        try (wrk) {
            try {
                for (Server s : servers) {
                    start(s, wrk, o);
                }
                for (int r = 0; r < rounds(o); r++) {
                    for (int c = 0; c < kind.depths.size(); c++) {
                        for (int k = 0; k < servers.size(); k++) {
                            Server s = servers.get((k + r) % servers.size()); // rotated from round to round
                            if (s.failure == null && s.caseFailure[c] == null) {
                                window(s, c, wrk, windowSecs(o), true);
                            }
                        }
                    }
                }
            } finally {
                for (Server s : servers) {
                    if (s.process != null) {
                        s.process.close();
                    }
                }
            }
        }
        for (Server s : servers) {
            report(s, o, reporter);
        }
    }

    private void start(Server s, Wrk wrk, Options o) throws InterruptedException {
        String missing = s.impl.missingReason();
        if (missing != null) {
            s.failure = missing;
            return;
        }
        try {
            s.process = ServerProcess.start(Affinity.prefix(), s.impl.jvmArgs(), s.impl.mainClass(), s.impl.args(),
                    START_TIMEOUT_SECONDS, s.impl.ready());
        } catch (IOException e) {
            s.failure = "server did not start: " + e.getMessage();
            return;
        }
        Probe probe = Probe.check("http://127.0.0.1:" + s.process.port() + kind.path, kind == Kind.JSON,
                Duration.ofSeconds(START_TIMEOUT_SECONDS));
        if (probe.failure() != null) {
            s.failure = probe.failure() + "; server output: " + s.process.outputTail();
            return;
        }
        s.missingHeaders = probe.missingHeaders();
        for (int c = 0; c < kind.depths.size() && s.failure == null; c++) {
            // JIT warm-up of each case, nothing recorded; a cold server may complete nothing in its first window
            for (int attempt = 0; attempt < WARMUP_ATTEMPTS; attempt++) {
                s.caseFailure[c] = null;
                window(s, c, wrk, warmupSecs(o), false);
                if (s.caseFailure[c] == null || !s.caseFailure[c].startsWith(NOTHING_COMPLETED)) {
                    break;
                }
            }
            if (s.caseFailure[c] != null) {
                s.failure = "warm-up failed: " + s.caseFailure[c];
            }
        }
    }

    private void window(Server s, int c, Wrk wrk, int secs, boolean record) throws InterruptedException {
        String url = "http://127.0.0.1:" + s.process.port() + kind.path;
        try {
            double cpu0 = s.process.cpuSeconds();
            WrkResult w = wrk.run(url, secs, kind.depths.get(c));
            double cpu1 = s.process.cpuSeconds();
            if (w.requests() == 0) {
                s.caseFailure[c] = NOTHING_COMPLETED + "; server output: " + s.process.outputTail();
            } else if (record) {
                s.windows.get(c).add(new Window(w, cpu1 - cpu0));
            }
        } catch (IOException | RuntimeException e) {
            s.caseFailure[c] = "failed: " + Reporter.reason(e) + "; server output: " + s.process.outputTail();
        }
    }

    private Map<String, String> extras(int c, Options o) {
        Map<String, String> m = new LinkedHashMap<>();
        int depth = kind.depths.get(c);
        m.put("mode", depth == 1 ? "no-pipelining" : "pipeline-" + depth);
        m.put("connections", Integer.toString(CONNECTIONS));
        m.put("threads", Integer.toString(threads(o)));
        return m;
    }

    private void report(Server s, Options o, Reporter reporter) {
        for (int c = 0; c < kind.depths.size(); c++) {
            Map<String, String> extras = extras(c, o);
            List<Window> ws = s.windows.get(c);
            String failure = s.failure != null ? s.failure : s.caseFailure[c];
            if (failure == null && ws.isEmpty()) {
                failure = "no window measured";
            }
            if (failure != null) {
                reporter.skipped(name(), s.impl.impl(), extras, failure);
                continue;
            }
            List<Window> byRate = new ArrayList<>(ws);
            byRate.sort(Comparator.comparingDouble(w -> w.wrk().rate()));
            Window median = byRate.get(byRate.size() / 2);
            long non2xx = 0;
            long socketErrors = 0;
            for (Window w : ws) {
                non2xx += w.wrk().non2xx();
                socketErrors += w.wrk().socketErrors();
            }
            double reqsPerCpu = median(ws, Window::reqsPerCpu);
            extras.put("rounds", Integer.toString(ws.size()));
            extras.put("min", fmt("%.0f", byRate.getFirst().wrk().rate()));
            extras.put("max", fmt("%.0f", byRate.getLast().wrk().rate()));
            extras.put("p50_ms", ms(median(ws, w -> w.wrk().p50Ms())));
            extras.put("p99_ms", ms(median(ws, w -> w.wrk().p99Ms())));
            extras.put("reqs_per_cpu_s", fmt("%.0f", reqsPerCpu));
            extras.put("server_cpu_s_per_100k", fmt("%.3f", 100_000.0 / reqsPerCpu));
            extras.put("server_cpu_util", fmt("%.2f", median(ws, w -> w.serverCpu() / w.wrk().secs())));
            extras.put("client_cpu_util", fmt("%.2f", median(ws, w -> w.wrk().clientCpuSecs() / w.wrk().secs())));
            extras.put("non2xx", Long.toString(non2xx));
            extras.put("socket_errors", Long.toString(socketErrors));
            if (non2xx + socketErrors > 0) {
                extras.put("flag", "errors");
                reporter.note(name() + ": " + s.impl.impl() + " " + extras.get("mode") + " had errors over its "
                        + ws.size() + " measured windows: " + non2xx + " non-2xx responses, " + socketErrors
                        + " socket errors (connect, read, write, timeout)");
            }
            if (!s.missingHeaders.isEmpty()) {
                extras.put("missing_headers", s.missingHeaders);
            }
            extras.put("backend", s.process.backend().equals("unknown") && s.impl.backend() != null
                    ? s.impl.backend() : s.process.backend());
            reporter.report(Result.measured(name(), s.impl.impl(), median.wrk().requests(), median.wrk().secs(), extras));
        }
    }

    /** The median of the windows' values that are numbers; NaN when none is. */
    private static double median(List<Window> ws, ToDoubleFunction<Window> f) {
        double[] v = ws.stream().mapToDouble(f).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Milliseconds, or {@code n/a} (wrk printed no usable percentile in any window). */
    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : fmt("%.3f", v);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
