package io.zokio.bench;

import io.zokio.loop.IdleMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * <b>Threading:</b> immutable once parsed; any thread.
 *
 * <p>Command-line options of {@link BenchMain}; immutable once parsed.
 *
 * @param names benches to run, empty for all
 * @param scale run length
 * @param idleMode idle strategy of every Zokio loop in the run
 */
public record Options(List<String> names, Scale scale, IdleMode idleMode) {

    /** The loop's own default ({@code EventLoopBuilder}): what a user gets; see {@link #USAGE}. */
    public static final IdleMode DEFAULT_IDLE = IdleMode.BALANCED;

    public Options {
        names = List.copyOf(names);
    }

    public static final String USAGE = """
            usage: BenchMain [NAME...] [--quick | --tiny] [--idle power_save|balanced|latency|throughput]
              NAME      one of: nop pingpong wakeup echo spawn_many spawn_remote yield_many ping_pong
                        chained_spawn timers mpsc file_read file_seq pinning alloc (default: all)
              --quick   the whole suite in under two minutes (fewer operations, shorter windows)
              --tiny    a smoke run of seconds (used by the tests; figures meaningless)
              --idle    IdleMode of the Zokio loops (default balanced, the loop's default: see below)

            The Zokio loops run with the EventLoop's default idle mode, BALANCED: an idle loop polls its
            completion queue for up to 20 us (no syscall on io_uring) before it parks. The baselines park at
            once (Netty's event loops block in epoll_wait / io_uring_enter, the JDK selector loops in select()).
            --idle power_save parks at once too, for the like-for-like comparison; on a host whose cores are
            busy with other work, spinning takes the CPU a peer thread needs, so figures with spinning modes
            swing with the neighbours: compare both runs, and the echo bench's server CPU per request.""";

    public static Options parse(String[] args) {
        List<String> names = new ArrayList<>();
        Scale scale = Scale.FULL;
        IdleMode idle = DEFAULT_IDLE;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> scale = Scale.QUICK;
                case "--tiny" -> scale = Scale.TINY;
                case "--idle" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--idle needs a value");
                    }
                    idle = IdleMode.valueOf(args[i].toUpperCase(Locale.ROOT));
                }
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option: " + a);
                    }
                    names.add(a);
                }
            }
        }
        return new Options(names, scale, idle);
    }
}
