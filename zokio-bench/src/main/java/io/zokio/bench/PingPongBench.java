package io.zokio.bench;

import io.netty.util.internal.PlatformDependent;
import io.zokio.bench.netty.NettyPingPong;
import io.zokio.bench.netty.NettyTransport;
import io.zokio.examples.EchoServer;
import io.zokio.loop.EventLoop;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pingpong}: libxev's ping-pongs. One TCP connection on loopback; a client loop and a server loop on two
 * threads; the client sends the 5-byte message "PING\n" and waits for its echo before sending the next, for
 * {@value #FULL_ROUND_TRIPS} round trips after a warm-up (fewer with {@code --quick}, stated in the header);
 * reports round trips per second. Latency-bound: each round trip crosses threads twice.
 *
 * <p>Implementations: {@code zokio-uring}, {@code zokio-nio} (the {@link EchoServer} example as the server and a
 * Zokio client loop, both with the run's {@code IdleMode}); baselines {@code netty-epoll} and
 * {@code netty-iouring} (Netty 4.2, {@code MultiThreadIoEventLoopGroup} of one thread per side, skipped with the
 * reason when the native transport is unavailable) and {@code jdk-nio} (a plain Selector loop on each side).
 *
 * <p><b>Threading:</b> the client runs on the calling thread, the server on a thread of its own.
 */
public final class PingPongBench implements Bench {
    static final long FULL_ROUND_TRIPS = 200_000;
    private static final long TIMEOUT_SECONDS = 300;

    @Override
    public String name() {
        return "pingpong";
    }

    @Override
    public String header(Options o) {
        String count = measured(o) + " round trips" + (measured(o) < FULL_ROUND_TRIPS
                ? " (reduced from " + FULL_ROUND_TRIPS + " for this run)" : "");
        return "pingpong: one loopback TCP connection, client and server loops on two threads, 5-byte PING echoed "
                + "one at a time; " + count + " after " + warmup(o) + " warm-up; zokio idle=" + o.idleMode()
                + "; baselines netty-epoll, netty-iouring (one-thread MultiThreadIoEventLoopGroup per side), "
                + "jdk-nio (Selector loop per side)";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-epoll", "netty-iouring", "jdk-nio");
    }

    private static long measured(Options o) {
        return o.scale().count(FULL_ROUND_TRIPS, 2_000);
    }

    private static long warmup(Options o) {
        return o.scale().count(50_000, 1_000);
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        long warmup = warmup(o);
        long n = measured(o);
        for (ZokioImpl impl : ZokioImpl.values()) {
            runZokio(impl, o, warmup, n, reporter);
        }
        for (NettyTransport t : List.of(NettyTransport.EPOLL, NettyTransport.IO_URING)) {
            Map<String, String> extras = Map.of("netty_unsafe", Boolean.toString(PlatformDependent.hasUnsafe()));
            String cause = t.unavailabilityCause();
            if (cause != null) {
                reporter.skipped(name(), t.implName(), Map.of(), cause);
                continue;
            }
            try {
                double secs = NettyPingPong.run(t, warmup, n, TIMEOUT_SECONDS);
                reporter.measured(name(), t.implName(), n, secs, extras);
            } catch (Exception e) {
                reporter.skipped(name(), t.implName(), Map.of(), "failed: " + Reporter.reason(e));
            }
        }
        try {
            reporter.measured(name(), "jdk-nio", n, JdkNioPingPong.run(warmup, n, TIMEOUT_SECONDS), Map.of());
        } catch (Exception e) {
            reporter.skipped(name(), "jdk-nio", Map.of(), "failed: " + Reporter.reason(e));
        }
    }

    private void runZokio(ZokioImpl impl, Options o, long warmup, long n, Reporter reporter) {
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("idle", o.idleMode().name().toLowerCase(java.util.Locale.ROOT));
        try (EventLoop client = impl.open(o.idleMode());
                Arena arena = Arena.ofConfined();
                EchoServer server = EchoServer.start(0, impl.kind(), o.idleMode())) {
            ZokioPingClient ping = new ZokioPingClient(client, arena, warmup, n);
            double secs = ping.run(new InetSocketAddress("127.0.0.1", server.port()), TIMEOUT_SECONDS);
            extras.put("backend", client.backendName());
            reporter.measured(name(), impl.implName(), n, secs, extras);
        } catch (ZokioImpl.Unavailable e) {
            reporter.skipped(name(), impl.implName(), Map.of(), e.getMessage());
        } catch (Exception e) {
            reporter.skipped(name(), impl.implName(), Map.of(), "failed: " + Reporter.reason(e));
        }
    }
}
