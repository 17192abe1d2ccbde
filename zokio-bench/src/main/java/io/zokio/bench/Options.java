package io.zokio.bench;

import io.zokio.loop.IdleMode;
import java.nio.file.Path;
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
 * @param reportDir where {@code --report} writes the report files, or null for no report
 * @param serverThreads event-loop or worker threads of each server of the http_plaintext and http_json benches,
 *     0 for the number of cores
 * @param windowSecs measured window of the http_plaintext, http_json and tls benches in seconds, 0 for the scale's
 *     default
 */
public record Options(List<String> names, Scale scale, IdleMode idleMode, Path reportDir, int serverThreads,
        int windowSecs) {

    /** The loop's own default ({@code EventLoopBuilder}): what a user gets; see {@link #USAGE}. */
    public static final IdleMode DEFAULT_IDLE = IdleMode.BALANCED;

    public Options {
        names = List.copyOf(names);
    }

    /** Options without a report directory. */
    public Options(List<String> names, Scale scale, IdleMode idleMode) {
        this(names, scale, idleMode, null);
    }

    /** Options with the http benches' defaults. */
    public Options(List<String> names, Scale scale, IdleMode idleMode, Path reportDir) {
        this(names, scale, idleMode, reportDir, 0, 0);
    }

    public static final String USAGE = """
            usage: BenchMain [NAME...] [--quick | --tiny] [--idle power_save|balanced|latency|throughput]
                             [--report DIR] [--server-threads N] [--window S]
              NAME      one of: nop pingpong wakeup echo spawn_many spawn_remote yield_many ping_pong
                        chained_spawn timers mpsc http http_plaintext http_json tls pg redis file_read file_seq
                        pinning alloc startup (default: all; http_plaintext, http_json, pg and redis only in
                        a full run or when named)
              --quick   the whole suite in a few minutes (shorter rounds; still five of them)
              --tiny    a smoke run of seconds, two rounds (used by the tests; figures meaningless)
              --idle    IdleMode of the Zokio loops (default balanced, the loop's default: see below)
              --report  also write DIR/report.md, DIR/chart.svg and DIR/report.html at the end (DIR is
                        created; existing files of those names are replaced)
              --server-threads
                        http_plaintext, http_json: event-loop or worker threads of every server (default:
                        the number of cores)
              --window  http_plaintext, http_json, tls: seconds of each measured window (HTTP: default 10,
                        --quick 2; tls: default 2, --quick 0.2)

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
        Path report = null;
        int serverThreads = 0;
        int window = 0;
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
                case "--report" -> {
                    if (++i >= args.length || args[i].isBlank()) {
                        throw new IllegalArgumentException("--report needs a directory");
                    }
                    report = Path.of(args[i]);
                }
                case "--server-threads" -> serverThreads = positive(args, ++i, a);
                case "--window" -> window = positive(args, ++i, a);
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option: " + a);
                    }
                    names.add(a);
                }
            }
        }
        return new Options(names, scale, idle, report, serverThreads, window);
    }

    private static int positive(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        try {
            int n = Integer.parseInt(args[i]);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive integer, not '" + args[i] + "'");
    }
}
