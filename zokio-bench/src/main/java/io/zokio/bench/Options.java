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

    /** Same idle policy as the baselines (park when there is nothing to do); see {@link #USAGE}. */
    public static final IdleMode DEFAULT_IDLE = IdleMode.POWER_SAVE;

    public Options {
        names = List.copyOf(names);
    }

    public static final String USAGE = """
            usage: BenchMain [NAME...] [--quick | --tiny] [--idle power_save|balanced|latency|throughput]
              NAME      one of: nop pingpong wakeup echo spawn_many spawn_remote yield_many ping_pong
                        chained_spawn timers mpsc (default: all)
              --quick   the whole suite in under two minutes (fewer operations, shorter windows)
              --tiny    a smoke run of seconds (used by the tests; figures meaningless)
              --idle    IdleMode of the Zokio loops (default power_save: see below)

            The Zokio loops park at once when idle by default (IdleMode.POWER_SAVE), the policy of every baseline
            (Netty's event loops block in epoll_wait / io_uring_enter when they have no task, the JDK selector
            loops in select()). Spinning modes were measured too, on a 2-core host shared with other work:
            with a core to spare they are 2-3x faster (pingpong up to 75k round trips/s), but when other work
            wants the cores a spinning loop takes the CPU its peer thread needs and falls to 2k-7k, so their
            figures swing with the neighbours (POWER_SAVE: 14k-47k). Use --idle balanced|throughput on a
            quiet machine with spare cores.""";

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
