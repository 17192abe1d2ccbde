package io.zokio.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * <b>Threading:</b> any thread (methods are synchronized so that lines never interleave).
 *
 * <p>Prints result lines as they arrive and keeps them for the ratio table.
 */
public final class Reporter {
    private final PrintStream out;
    private final List<Result> results = new ArrayList<>();

    public Reporter(PrintStream out) {
        this.out = out;
    }

    public synchronized void report(Result r) {
        results.add(r);
        out.println(r.line());
        out.flush();
    }

    /** The line of one case of {@link Rounds}: its spread, or skipped with its failure. */
    public void outcome(String bench, String impl, Rounds.Outcome o, Map<String, String> extras) {
        if (o.failure() != null) {
            skipped(bench, impl, extras, o.failure());
        } else {
            report(Result.ofRounds(bench, impl, o.spread(), extras));
        }
    }

    public void skipped(String bench, String impl, Map<String, String> extras, String reason) {
        report(Result.skipped(bench, impl, extras, reason));
    }

    /** A comment line ({@code # ...}): headers and notes, never parsed as results. */
    public synchronized void note(String text) {
        out.println("# " + text);
        out.flush();
    }

    public synchronized List<Result> results() {
        return List.copyOf(results);
    }

    /** The reason text for a throwable: its class and message, and its root cause when different. */
    public static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (root != t) {
            s += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return s;
    }
}
