package io.zokio.bench;

import io.netty.util.internal.PlatformDependent;
import io.zokio.bench.netty.NettyPingPong;
import io.zokio.bench.netty.NettyTransport;
import io.zokio.examples.EchoServer;
import io.zokio.loop.EventLoop;
import java.lang.foreign.Arena;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> the client runs on the calling thread, the server on a thread of its own.
 *
 * <p>{@code pingpong}: libxev's ping-pongs. One TCP connection on loopback; a client loop and a server loop on two
 * threads; the client sends the 5-byte message "PING\n" and waits for its echo before sending the next, for
 * {@value #FULL_ROUND_TRIPS} round trips per implementation and round after a warm-up (fewer with {@code --quick},
 * stated in the header); reports round trips per second. Latency-bound: each round trip crosses threads twice.
 *
 * <p>Implementations: {@code zokio-uring}, {@code zokio-nio} (the {@link EchoServer} example as the server and a
 * Zokio client loop, both with the run's {@code IdleMode}, by default {@link Options#DEFAULT_IDLE}, the loop's
 * default, which polls for 20 us before parking; {@code --idle power_save} parks at once like the baselines);
 * baselines {@code netty-epoll} and
 * {@code netty-iouring} (Netty 4.2, {@code MultiThreadIoEventLoopGroup} of one thread per side, skipped with the
 * reason when the native transport is unavailable) and {@code jdk-nio} (a plain Selector loop on each side).
 *
 * <p>The implementations take turns in {@link Rounds} (each round a fresh connection and fresh loops, which first
 * run {@value #ROUND_WARMUP} unmeasured round trips); the warm-up round runs the full warm-up.
 */
public final class PingPongBench implements Bench {
    /** Round trips per impl and round in a full run. */
    static final long FULL_ROUND_TRIPS = 40_000;
    private static final long TIMEOUT_SECONDS = 300;
    /** Warm-up of the later rounds: only to reach steady state on the new connection; the JIT is warm. */
    private static final long ROUND_WARMUP = 2_000;

    /** One implementation: runs {@code warmup + measured} round trips, returns the measured seconds. */
    private interface Impl {
        String name();

        /** Null when it can run, else why not. */
        String unavailable();

        double run(long warmup, long measured) throws Exception;

        Map<String, String> extras();
    }

    @Override
    public String name() {
        return "pingpong";
    }

    @Override
    public String header(Options o) {
        String count = measured(o) + " round trips per impl and round" + (measured(o) < FULL_ROUND_TRIPS
                ? " (reduced from " + FULL_ROUND_TRIPS + " for this run)" : "");
        return "pingpong: one loopback TCP connection, client and server loops on two threads, 5-byte PING echoed "
                + "one at a time; " + count + ", " + Rounds.count(o.scale()) + " interleaved rounds after a warm-up "
                + "round of " + warmup(o)
                + "; zokio idle=" + o.idleMode() + "; cpu_us_per_op: the process's CPU (every thread, /proc, 10 ms "
                + "ticks) over a round's " + ROUND_WARMUP + " warm-up and measured round trips, per round trip, "
                + "the median of the rounds; baselines netty-epoll, netty-iouring (one-thread "
                + "MultiThreadIoEventLoopGroup per side), jdk-nio (Selector loop per side)";
    }

    @Override
    public List<String> baselines() {
        return List.of("netty-epoll", "netty-iouring", "jdk-nio");
    }

    /** Round trips per round: at least about 200 ms of the fastest impl in a quick run. */
    private static long measured(Options o) {
        return o.scale() == Scale.QUICK ? 16_000 : o.scale().count(FULL_ROUND_TRIPS, 1_000);
    }

    private static long warmup(Options o) {
        return o.scale().count(50_000, 1_000);
    }

    @Override
    public void run(Options o, Reporter reporter) throws InterruptedException {
        List<Impl> impls = new ArrayList<>();
        for (ZokioImpl z : ZokioImpl.values()) {
            impls.add(zokio(z, o));
        }
        for (NettyTransport t : List.of(NettyTransport.EPOLL, NettyTransport.IO_URING)) {
            impls.add(netty(t));
        }
        impls.add(jdkNio());
        Map<Impl, Rounds.Outcome> out = Rounds.run(o, impls, (impl, round) -> {
            if (round == Rounds.WARMUP) {
                String why = impl.unavailable();
                if (why != null) {
                    throw new ZokioImpl.Unavailable(why);
                }
                impl.run(warmup(o), ROUND_WARMUP);
                return null;
            }
            long pid = ProcessHandle.current().pid();
            double cpu0 = ProcCpu.cpuSeconds(pid);
            double secs = impl.run(ROUND_WARMUP, measured(o));
            double cpu = ProcCpu.cpuSeconds(pid) - cpu0;
            // the process's CPU over the round's warm-up and measured trips (its loops start and end inside it)
            return Sample.of(measured(o), secs).with("cpu_us_per_op", cpu * 1e6 / (ROUND_WARMUP + measured(o)));
        });
        for (Impl impl : impls) {
            Map<String, String> extras = new java.util.LinkedHashMap<>(impl.extras());
            Rounds.Outcome oc = out.get(impl);
            oc.putMedians(extras, "%.2f", "cpu_us_per_op");
            reporter.outcome(name(), impl.name(), oc, extras);
        }
    }

    private static Impl zokio(ZokioImpl z, Options o) {
        return new Impl() {
            private String backend = "?";

            @Override
            public String name() {
                return z.implName();
            }

            @Override
            public String unavailable() {
                try (EventLoop probe = z.open(o.idleMode())) {
                    backend = probe.backendName();
                    return null;
                } catch (ZokioImpl.Unavailable e) {
                    return e.getMessage();
                }
            }

            @Override
            public double run(long warmup, long measured) throws Exception {
                try (EventLoop client = z.open(o.idleMode());
                        Arena arena = Arena.ofConfined();
                        EchoServer server = EchoServer.start(0, z.kind(), o.idleMode())) {
                    ZokioPingClient ping = new ZokioPingClient(client, arena, warmup, measured);
                    return ping.run(new InetSocketAddress("127.0.0.1", server.port()), TIMEOUT_SECONDS);
                }
            }

            @Override
            public Map<String, String> extras() {
                return Result.pairs("idle", o.idleMode().name().toLowerCase(Locale.ROOT), "backend", backend);
            }
        };
    }

    private static Impl netty(NettyTransport t) {
        return new Impl() {
            @Override
            public String name() {
                return t.implName();
            }

            @Override
            public String unavailable() {
                return t.unavailabilityCause();
            }

            @Override
            public double run(long warmup, long measured) throws Exception {
                return NettyPingPong.run(t, warmup, measured, TIMEOUT_SECONDS);
            }

            @Override
            public Map<String, String> extras() {
                return Map.of("netty_unsafe", Boolean.toString(PlatformDependent.hasUnsafe()));
            }
        };
    }

    private static Impl jdkNio() {
        return new Impl() {
            @Override
            public String name() {
                return "jdk-nio";
            }

            @Override
            public String unavailable() {
                return null;
            }

            @Override
            public double run(long warmup, long measured) throws Exception {
                return JdkNioPingPong.run(warmup, measured, TIMEOUT_SECONDS);
            }

            @Override
            public Map<String, String> extras() {
                return Map.of();
            }
        };
    }
}
