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

/**
 * {@code echo}: an echo server at 1, 16 and 128 connections, 64-byte messages, closed loop (each connection
 * sends one message and waits for its echo), driven by one Java load client ({@link EchoLoadClient}: one NIO
 * selector thread) that is the same for every server. Each server runs as a separate JVM with the same flags
 * ({@link ServerProcess#JVM_FLAGS}) so that its CPU time can be read from {@code /proc/<pid>/stat} over the
 * measured window. Reports round trips per second, p50/p99 latency (HdrHistogram) and server CPU seconds per
 * 100,000 round trips.
 *
 * <p>Servers: {@code zokio-uring} and {@code zokio-nio} (the {@link EchoServer} example, one loop thread, idle
 * mode of the run); baselines {@code netty-epoll}, {@code netty-iouring}, {@code netty-nio} ({@link NettyEchoServer}:
 * one event loop thread, pooled allocator).
 *
 * <p><b>Threading:</b> the load client runs on the calling thread; servers are other processes.
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
                + "); warm-up " + warmupMs(o) + " ms, measured " + measureMs(o) + " ms per level; zokio idle="
                + o.idleMode() + "; baselines netty-epoll, netty-iouring, netty-nio (one loop thread, pooled allocator)";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-epoll", "netty-iouring", "netty-nio");
    }

    private static long warmupMs(Options o) {
        return o.scale().millis(3_000, 150);
    }

    private static long measureMs(Options o) {
        return o.scale().millis(10_000, 300);
    }

    /** One server to start: its impl name, main class and arguments. */
    private record Server(String impl, String mainClass, List<String> args) {
    }

    private static List<Server> servers(Options o) {
        List<Server> list = new ArrayList<>();
        String idle = o.idleMode().name().toLowerCase(Locale.ROOT);
        for (ZokioImpl z : ZokioImpl.values()) {
            list.add(new Server(z.implName(), EchoServer.class.getName(),
                    List.of("--port", "0", "--backend", z.serverArg(), "--idle", idle)));
        }
        for (NettyTransport t : NettyTransport.values()) {
            list.add(new Server(t.implName(), NettyEchoServer.class.getName(),
                    List.of("--port", "0", "--transport", t.name().toLowerCase(Locale.ROOT).replace("_", ""))));
        }
        return list;
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        for (Server s : servers(o)) {
            runServer(s, o, reporter);
        }
    }

    private void runServer(Server s, Options o, Reporter reporter) throws InterruptedException {
        ServerProcess server;
        try {
            server = ServerProcess.start(s.mainClass(), s.args(), START_TIMEOUT_SECONDS);
        } catch (IOException e) {
            for (int c : CONNECTIONS) {
                reporter.skipped(name(), s.impl(), Map.of("connections", Integer.toString(c)),
                        "server did not start: " + e.getMessage());
            }
            return;
        }
        try {
            for (int c : CONNECTIONS) {
                measure(server, s.impl(), c, o, reporter);
            }
        } finally {
            server.close();
            if (server.exitStatus() != 0) {
                reporter.note("echo server " + s.impl() + " did not exit cleanly on SIGTERM (status "
                        + server.exitStatus() + "): " + server.outputTail());
            }
        }
    }

    private void measure(ServerProcess server, String impl, int connections, Options o, Reporter reporter) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("connections", Integer.toString(connections));
        double[] cpu = new double[2];
        try {
            EchoLoadClient.Window w = EchoLoadClient.run(new InetSocketAddress("127.0.0.1", server.port()),
                    connections, MESSAGE_BYTES, warmupMs(o) * 1_000_000L, measureMs(o) * 1_000_000L,
                    start -> cpu[start ? 0 : 1] = server.cpuSeconds());
            if (w.roundTrips() == 0) {
                reporter.skipped(name(), impl, extras, "no round trip completed in the window; server output: "
                        + server.outputTail());
                return;
            }
            double cpuSeconds = cpu[1] - cpu[0];
            extras.put("rps", fmt("%.0f", w.roundTrips() / w.secs()));
            extras.put("p50_us", fmt("%.1f", w.p50Us()));
            extras.put("p99_us", fmt("%.1f", w.p99Us()));
            extras.put("server_cpu_s_per_100k", fmt("%.3f", cpuSeconds / (w.roundTrips() / 100_000.0)));
            extras.put("server_cpu_util", fmt("%.2f", cpuSeconds / w.secs()));
            extras.put("backend", server.backend());
            extras.putAll(server.readyExtras());
            reporter.measured(name(), impl, w.roundTrips(), w.secs(), extras);
        } catch (IOException | RuntimeException e) {
            reporter.skipped(name(), impl, extras, "failed: " + Reporter.reason(e) + "; server output: "
                    + server.outputTail());
        }
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
