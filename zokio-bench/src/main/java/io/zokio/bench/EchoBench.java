package io.zokio.bench;

import io.zokio.bench.netty.NettyEchoServer;
import io.zokio.bench.netty.NettyTransport;
import io.zokio.examples.EchoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * <b>Threading:</b> the load client runs on the calling thread; servers are other processes.
 *
 * <p>{@code echo}: an echo server at 1, 16 and 128 connections, 64-byte messages, closed loop (each connection
 * sends one message and waits for its echo), driven by one Java load client ({@link EchoLoadClient}: one NIO
 * selector thread) that is the same for every server. Each server runs as a separate JVM with the same flags
 * ({@link ServerProcess#JVM_FLAGS}) so that its CPU time can be read from {@code /proc/<pid>/stat} over the
 * measured windows. Reports round trips per second, p50/p99 latency (HdrHistogram) and the server process's CPU
 * per round trip ({@code server_cpu_us_per_op}, in microseconds; also as seconds per 100,000 round trips,
 * {@code server_cpu_s_per_100k}); the load client's CPU, in the bench's own process, is not counted.
 *
 * <p>Servers: {@code zokio-uring} and {@code zokio-nio} (the {@link EchoServer} example in its loop style:
 * completion callbacks, one loop thread, idle mode of the run, one RECV per message; on request with
 * {@code -Dzokio.bench.impls=zokio-uring-multishot,...} also {@code --recv multishot}: one multishot receive per
 * connection into a shared buffer group), {@code zokio-vt-uring} and {@code zokio-vt-nio}
 * (the same example in {@code --style vthread}: a virtual thread per connection on {@code io.zokio.net}, one
 * worker, AFFINE carriers); baselines {@code netty-epoll}, {@code netty-iouring}, {@code netty-nio}
 * ({@link NettyEchoServer}: one event loop thread, pooled allocator) and {@code jdk-vthreads}
 * ({@link JdkVthreadEchoServer}: ServerSocket and a virtual thread per connection on the JDK's scheduler).
 *
 * <p>All servers are started first and each gets a warm-up (the warm-up of {@link Rounds}); then, in every measured
 * round, each connection count is measured on every server in turn (the servers' order rotating from round to
 * round), one window each. A line's rate is its median window's; its latencies and CPU figures are the medians
 * of its windows' figures.
 */
public final class EchoBench implements Bench {
    static final int[] CONNECTIONS = {1, 16, 128};
    static final int MESSAGE_BYTES = 64;
    private static final long START_TIMEOUT_SECONDS = 30;

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String header(Options o) {
        return "echo: " + MESSAGE_BYTES + "-byte messages, closed loop at 1, 16, 128 connections, one Java NIO load "
                + "client thread for every server; each server a separate JVM (" + String.join(" ", ServerProcess.JVM_FLAGS)
                + "); server warm-up " + warmupMs(o) + " ms, then " + Rounds.count(o.scale()) + " interleaved rounds of "
                + "a " + windowMs(o) + " ms window (after " + windowWarmupMs(o) + " ms on the new connections) per "
                + "server and level; rps, latencies and CPU figures are medians of the rounds; server_cpu_us_per_op: "
                + "the server process's CPU (all its threads, /proc/<pid>/stat, 10 ms ticks) over the window per "
                + "round trip; zokio idle="
                + o.idleMode()
                + "; zokio-vt-*: virtual thread per connection on io.zokio.net (1 worker, AFFINE)"
                + "; baselines netty-epoll, netty-iouring, netty-nio (one loop thread, pooled allocator), "
                + "jdk-vthreads (ServerSocket, virtual thread per connection, JDK scheduler)";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-epoll", "netty-iouring", "netty-nio", "jdk-vthreads");
    }

    private static long warmupMs(Options o) {
        return o.scale().millis(2_500, 150);
    }

    private static long windowMs(Options o) {
        return switch (o.scale()) {
            case FULL -> 2_000;
            case QUICK -> 200;
            case TINY -> 150;
        };
    }

    /** Per-window warm-up: new connections reach steady state; the server's JIT is already warm. */
    private static long windowWarmupMs(Options o) {
        return o.scale() == Scale.FULL ? 200 : 50;
    }

    /** One server: its impl name, how to start it, and once started its process. */
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
    }

    private static List<Server> servers(Options o) {
        List<Server> list = new ArrayList<>();
        String idle = o.idleMode().name().toLowerCase(Locale.ROOT);
        for (ZokioImpl z : ZokioImpl.values()) {
            list.add(new Server(z.implName(), EchoServer.class.getName(),
                    List.of("--port", "0", "--backend", z.serverArg(), "--idle", idle)));
        }
        String only = System.getProperty("zokio.bench.impls", "");
        for (ZokioImpl z : ZokioImpl.values()) {
            if (only.contains(z.implName() + "-multishot")) { // on request only: measured no cheaper (README)
                list.add(new Server(z.implName() + "-multishot", EchoServer.class.getName(), List.of("--port", "0",
                        "--backend", z.serverArg(), "--idle", idle, "--recv", "multishot")));
            }
        }
        for (ZokioImpl z : ZokioImpl.values()) {
            list.add(new Server("zokio-vt-" + z.serverArg(), EchoServer.class.getName(), List.of("--port", "0",
                    "--style", "vthread", "--workers", "1", "--backend", z.serverArg(), "--idle", idle)));
        }
        for (NettyTransport t : NettyTransport.values()) {
            list.add(new Server(t.implName(), NettyEchoServer.class.getName(),
                    List.of("--port", "0", "--transport", t.name().toLowerCase(Locale.ROOT).replace("_", ""))));
        }
        list.add(new Server("jdk-vthreads", JdkVthreadEchoServer.class.getName(), List.of("--port", "0")));
        if (!only.isBlank()) { // for profiling a few servers: -Dzokio.bench.impls=a,b
            List<String> picked = List.of(only.split(","));
            list.removeIf(srv -> !picked.contains(srv.impl));
        }
        return list;
    }

    @Override
    public void run(Options o, Reporter reporter) throws InterruptedException {
        List<Server> servers = servers(o);
        List<LevelCase<Server>> cases = LevelCase.grid(CONNECTIONS.length, servers);
        Map<LevelCase<Server>, Rounds.Outcome> out;
        try {
            for (Server s : servers) {
                start(s, o);
            }
            out = Rounds.run(o, cases, LevelCase::level, (c, round) -> {
                if (c.impl().failure != null) {
                    throw new ZokioImpl.Unavailable(c.impl().failure);
                }
                return round == Rounds.WARMUP ? null : window(c.impl(), c.level(), o);
            });
        } finally {
            for (Server s : servers) {
                stop(s, reporter);
            }
        }
        for (Server s : servers) {
            for (int level = 0; level < CONNECTIONS.length; level++) {
                report(s, level, out.get(new LevelCase<>(s, level)), reporter);
            }
        }
    }

    private static void start(Server s, Options o) throws InterruptedException {
        try {
            s.process = ServerProcess.start(s.mainClass, s.args, START_TIMEOUT_SECONDS);
            // warm the server (JIT) at a middle connection count; nothing is recorded
            EchoLoadClient.run(address(s), 16, MESSAGE_BYTES, warmupMs(o) * 1_000_000L, 1, edge -> { });
        } catch (IOException e) {
            s.failure = (s.process == null ? "server did not start: " : "warm-up failed: ") + e.getMessage();
        }
    }

    /** One measured window; its figures are the latencies and the server's CPU over the window. */
    private static Sample window(Server s, int level, Options o) throws IOException {
        double[] cpu = new double[2];
        double[] sys = new double[2];
        try {
            EchoLoadClient.Window w = EchoLoadClient.run(address(s), CONNECTIONS[level], MESSAGE_BYTES,
                    windowWarmupMs(o) * 1_000_000L, windowMs(o) * 1_000_000L, start -> {
                        cpu[start ? 0 : 1] = s.process.cpuSeconds();
                        sys[start ? 0 : 1] = s.process.systemCpuSeconds();
                    });
            if (w.roundTrips() == 0) {
                throw new IOException("no round trip completed in the window");
            }
            Histogram latencyNs = w.latencyNs();
            double cpuSeconds = cpu[1] - cpu[0];
            return Sample.of(w.roundTrips(), w.secs())
                    .with("p50_us", latencyNs.getValueAtPercentile(50) / 1000.0)
                    .with("p99_us", latencyNs.getValueAtPercentile(99) / 1000.0)
                    .with("server_cpu_us_per_op", cpuSeconds * 1e6 / w.roundTrips())
                    .with("server_cpu_s_per_100k", cpuSeconds / (w.roundTrips() / 100_000.0))
                    .with("server_cpu_util", cpuSeconds / w.secs())
                    // the kernel's share of the server's CPU: what no user-space design can save (TCP on both sides)
                    .with("server_sys_share", (sys[1] - sys[0]) / Math.max(cpuSeconds, 0.01));
        } catch (IOException | RuntimeException e) {
            throw new IOException(Reporter.reason(e) + "; server output: " + s.process.outputTail(), e);
        }
    }

    private static InetSocketAddress address(Server s) {
        return new InetSocketAddress("127.0.0.1", s.process.port());
    }

    private static void stop(Server s, Reporter reporter) throws InterruptedException {
        if (s.process == null) {
            return;
        }
        s.process.close();
        if (s.process.exitStatus() != 0) {
            reporter.note("echo server " + s.impl + " did not exit cleanly on SIGTERM (status "
                    + s.process.exitStatus() + "): " + s.process.outputTail());
        }
    }

    private void report(Server s, int level, Rounds.Outcome oc, Reporter reporter) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("connections", Integer.toString(CONNECTIONS[level]));
        if (oc.failure() == null) {
            extras.put("rps", fmt("%.0f", oc.spread().median()));
            oc.putMedians(extras, "%.1f", "p50_us", "p99_us");
            oc.putMedians(extras, "%.2f", "server_cpu_us_per_op");
            oc.putMedians(extras, "%.3f", "server_cpu_s_per_100k");
            oc.putMedians(extras, "%.2f", "server_cpu_util", "server_sys_share");
            extras.put("backend", s.process.backend());
            String idle = ServerProcess.idleArg(s.args);
            if (idle != null) {
                extras.put("idle", idle);
            }
            extras.putAll(s.process.readyExtras());
        }
        reporter.outcome(name(), s.impl, oc, extras);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
