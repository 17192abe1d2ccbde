package io.zokio.bench.tls;

import io.zokio.bench.Bench;
import io.zokio.bench.LevelCase;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.bench.Scale;
import io.zokio.bench.ServerProcess;
import io.zokio.bench.ZokioImpl;
import io.zokio.bench.netty.NettyTlsServer;
import io.zokio.examples.SelfSigned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> the load client runs in this JVM; servers are other processes.
 *
 * <p>{@code tls}: TLS 1.3 servers on loopback with a self-signed EC P-256 certificate, each in its own JVM
 * ({@link ServerProcess}, whose CPU time is read from {@code /proc}), all driven by the same client
 * ({@link TlsLoadClient}). Levels, each a {@code mode=} and {@code connections=}:
 * <ul>
 *   <li>{@code handshakes}: 16 threads making new connections (full handshake, no resumption, one 64-byte
 *       exchange, close); ops are connections;</li>
 *   <li>{@code echo}: 64-byte closed-loop request/response at 16 and 128 connections; ops are round trips;</li>
 *   <li>{@code bulk}: 16 connections each sending 64 MiB (16 MiB quick) to the sink port, which discards and
 *       acks one byte per MiB; ops are MiB.</li>
 * </ul>
 * Every server gets a warm-up of each mode (the warm-up of {@link Rounds}), then rounds: in each round every level
 * runs on every server in turn, the servers' order rotating from round to round. A line's {@code ops_per_sec} is
 * its median round's rate ({@code min=} and {@code max=} the extremes); its CPU figures are medians of the rounds.
 */
public final class TlsBench implements Bench {
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final String[] MODES = {"handshakes", "echo", "echo", "bulk"};
    private static final int[] CONNECTIONS = {16, 16, 128, 16};

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public List<String> baselines() {
        return List.of("jdk-sslsocket-vt", "netty-jdk", "netty-openssl");
    }

    @Override
    public String header(Options o) {
        return "tls: TLS 1.3 (" + TlsLoadClient.SUITE + ", " + TlsLoadClient.GROUP + ", EC P-256 self-signed) on "
                + "loopback; client: the JDK's SSLSocket on virtual threads in the bench JVM, the same for every "
                + "server; each server a separate JVM (" + String.join(" ", ServerProcess.JVM_FLAGS) + ") with "
                + cores() + " threads (zokio-vt: Runtime defaults, TlsStream per connection on a virtual thread, "
                + "handshake tasks off the loop; zokio-vt-oncaller, on request: the same with handshake tasks on "
                + "the connection's virtual thread; "
                + "jdk-sslsocket-vt: SSLServerSocket, a virtual thread per connection on the JDK scheduler; "
                + "netty-jdk / netty-openssl: SslHandler on epoll, JDK provider / netty-tcnative BoringSSL, the "
                + "latter a native-crypto reference); modes handshakes (16 threads, full handshakes, 64-byte "
                + "exchange), echo (64 bytes, 16 and 128 connections), bulk (16 x " + (bulkBytes(o) >> 20)
                + " MiB to a discarding sink; ops are MiB); " + Rounds.count(o.scale()) + " interleaved rounds of a "
                + windowMs(o) + " ms window after " + warmupMs(o) + " ms on the new connections (bulk: one transfer) "
                + "per server and level; rates, ratios and CPU figures are medians of the rounds; zokio idle mode: "
                + (idleGiven(o) ? o.idleMode().name().toLowerCase(Locale.ROOT) : "the runtime's default");
    }

    /** Whether the run asked for an idle mode other than the bench's default (e.g. power_save). */
    private static boolean idleGiven(Options o) {
        return o.idleMode() != Options.DEFAULT_IDLE;
    }

    private static int cores() {
        return java.lang.Runtime.getRuntime().availableProcessors();
    }

    private static long windowMs(Options o) {
        if (o.windowSecs() > 0) {
            return o.windowSecs() * 1000L;
        }
        return o.scale() == Scale.TINY ? 100 : o.scale() == Scale.QUICK ? 200 : 2_000;
    }

    private static long warmupMs(Options o) {
        return o.scale() == Scale.TINY || o.scale() == Scale.QUICK ? 50 : 300;
    }

    private static long bulkBytes(Options o) {
        return o.scale() == Scale.TINY ? 2L << 20 : o.scale() == Scale.QUICK ? 8L << 20 : 64L << 20;
    }

    /** One server process. */
    private static final class Server {
        final String impl;
        final String mainClass;
        final List<String> args;
        ServerProcess process;
        String failure;

        Server(String impl, String mainClass, List<String> args) {
            this.impl = impl;
            this.mainClass = mainClass;
            this.args = args;
        }

        int sinkPort() {
            return Integer.parseInt(process.readyExtras().get("sink_port"));
        }
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        Path dir = Files.createTempDirectory("zokio-tls-bench");
        try {
            String tool = SelfSigned.write(dir, true);
            reporter.note("tls: certificate made with " + tool);
            Path cert = dir.resolve("cert.pem");
            List<String> certArgs = new ArrayList<>(List.of("--port", "0", "--cert", cert.toString(), "--key",
                    dir.resolve("key.pem").toString(), "--threads", Integer.toString(cores())));
            if (idleGiven(o)) { // the zokio servers' loops; the runtime's own default otherwise
                certArgs.addAll(List.of("--idle", o.idleMode().name().toLowerCase(Locale.ROOT)));
            }
            List<Server> servers = new ArrayList<>();
            servers.add(new Server("zokio-vt", ZokioTlsServer.class.getName(), certArgs));
            if (System.getProperty("zokio.bench.impls", "").contains("zokio-vt-direct")) { // on request only
                List<String> direct = new ArrayList<>(List.of("--direct"));
                direct.addAll(certArgs);
                servers.add(new Server("zokio-vt-direct", ZokioTlsServer.class.getName(), direct));
            }
            if (System.getProperty("zokio.bench.impls", "").contains("zokio-vt-oncaller")) { // on request only
                List<String> onCaller = new ArrayList<>(List.of("--tasks-on-caller"));
                onCaller.addAll(certArgs);
                servers.add(new Server("zokio-vt-oncaller", ZokioTlsServer.class.getName(), onCaller));
            }
            servers.add(new Server("jdk-sslsocket-vt", JdkSslSocketServer.class.getName(), certArgs));
            servers.add(new Server("netty-jdk", NettyTlsServer.class.getName(), with(certArgs, "jdk")));
            servers.add(new Server("netty-openssl", NettyTlsServer.class.getName(), with(certArgs, "openssl")));
            String only = System.getProperty("zokio.bench.impls", "");
            if (!only.isBlank()) {
                servers.removeIf(s -> !List.of(only.split(",")).contains(s.impl));
            }
            TlsLoadClient client = new TlsLoadClient(cert);
            List<LevelCase<Server>> cases = new ArrayList<>(LevelCase.grid(MODES.length, servers));
            cases.removeIf(c -> !modeSelected(c.level()));
            Map<LevelCase<Server>, Rounds.Outcome> out;
            try {
                for (Server s : servers) {
                    start(s, client, o);
                }
                out = Rounds.run(o, cases, LevelCase::level, (c, round) -> {
                    if (c.impl().failure != null) {
                        throw new ZokioImpl.Unavailable(c.impl().failure);
                    }
                    return round == Rounds.WARMUP ? null : sample(window(c.impl(), c.level(), client, o,
                            windowMs(o)), MODES[c.level()]);
                });
            } finally {
                for (Server s : servers) {
                    if (s.process != null) {
                        s.process.close();
                    }
                }
            }
            for (Server s : servers) {
                for (int level = 0; level < MODES.length; level++) {
                    if (!modeSelected(level)) {
                        continue;
                    }
                    report(s, level, out.get(new LevelCase<>(s, level)), reporter);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Whether {@code -Dzokio.bench.tls.modes} (a comma-separated list of modes; all when unset) names this level's. */
    private static boolean modeSelected(int level) {
        String only = System.getProperty("zokio.bench.tls.modes", "");
        return only.isBlank() || List.of(only.split(",")).contains(MODES[level]);
    }

    private static List<String> with(List<String> args, String provider) {
        List<String> l = new ArrayList<>(args);
        l.addAll(List.of("--provider", provider));
        return l;
    }

    private void start(Server s, TlsLoadClient client, Options o) throws InterruptedException {
        try {
            s.process = ServerProcess.start(s.mainClass, s.args, START_TIMEOUT_SECONDS);
        } catch (IOException e) {
            s.failure = "server did not start: " + e.getMessage();
            return;
        }
        // warm-up: every mode once, nothing recorded
        for (int level = 0; level < MODES.length && s.failure == null; level++) {
            if (!modeSelected(level)) {
                continue;
            }
            try {
                window(s, level, client, o, warmupMs(o) * 3);
            } catch (IOException e) {
                s.failure = "warm-up failed: " + e.getMessage();
            }
        }
    }

    /** Runs one level on one server for one window. */
    private static TlsLoadClient.Window window(Server s, int level, TlsLoadClient client, Options o, long ms)
            throws IOException, InterruptedException {
        TlsLoadClient.ServerCpu cpu = s.process::cpuSeconds;
        try {
            return switch (MODES[level]) {
                case "handshakes" -> client.handshakes(s.process.port(), CONNECTIONS[level], warmupMs(o), ms, cpu);
                case "echo" -> client.echo(s.process.port(), CONNECTIONS[level], warmupMs(o), ms, cpu);
                default -> client.bulk(s.sinkPort(), CONNECTIONS[level], bulkBytes(o), cpu);
            };
        } catch (IOException | RuntimeException e) {
            throw new IOException(Reporter.reason(e) + "; server output: " + s.process.outputTail(), e);
        }
    }

    /** A window as a sample of its round: utilisation and (when it did any operation) CPU per operation. */
    private static Sample sample(TlsLoadClient.Window w, String mode) {
        Sample s = Sample.of(w.ops(), w.secs())
                .with("server_cpu_util", w.serverCpu() / w.secs())
                .with("client_cpu_util", w.clientCpu() / w.secs());
        if (w.ops() == 0) {
            return s;
        }
        s = s.with("server_cpu_s_per_100k", w.serverCpu() / (w.ops() / 100_000.0));
        return mode.equals("bulk") ? s.with("server_cpu_s_per_gib", w.serverCpu() / (w.ops() / 1024.0)) : s;
    }

    private void report(Server s, int level, Rounds.Outcome oc, Reporter reporter) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("mode", MODES[level]);
        extras.put("connections", Integer.toString(CONNECTIONS[level]));
        if (oc.failure() == null) {
            if (MODES[level].equals("bulk")) {
                extras.put("mb_per_s", fmt("%.1f", oc.spread().median() * (1 << 20) / 1e6));
                oc.putMedians(extras, "%.3f", "server_cpu_s_per_gib");
            }
            oc.putMedians(extras, "%.3f", "server_cpu_s_per_100k");
            oc.putMedians(extras, "%.2f", "server_cpu_util", "client_cpu_util");
            extras.put("backend", s.process.backend());
            extras.putAll(s.process.readyExtras());
            extras.remove("sink_port");
        }
        reporter.outcome(name(), s.impl, oc, extras);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
