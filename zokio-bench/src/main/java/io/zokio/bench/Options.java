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

    public Options {
        names = List.copyOf(names);
    }

    public static final String USAGE = """
            usage: BenchMain [NAME...] [--quick] [--idle balanced|throughput|latency|power_save]
              NAME      one of: nop pingpong wakeup echo (default: all)
              --quick   the whole suite in under two minutes (fewer operations, shorter windows)
              --tiny    a smoke run of seconds (used by the tests; figures meaningless)
              --idle    IdleMode of the Zokio loops (default balanced, see the pingpong header)""";

    public static Options parse(String[] args) {
        List<String> names = new ArrayList<>();
        Scale scale = Scale.FULL;
        IdleMode idle = IdleMode.BALANCED;
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
