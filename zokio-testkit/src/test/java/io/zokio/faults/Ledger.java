package io.zokio.faults;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The public operations a fault scenario started, each of which must end exactly once, with a result or one
 * of the documented exceptions: an {@link IOException} (errno, timeout, closed, interrupted, end of stream) or
 * a {@link CancellationException} (a cancelled task or future). Anything else, a second end, or an operation
 * still open when the scenario's tasks have all ended fails the run.
 *
 * <p><b>Threading:</b> any thread (concurrent maps and atomics).
 */
final class Ledger {
    private final AtomicLong nextId = new AtomicLong();
    private final ConcurrentHashMap<Long, String> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, AtomicInteger> ends = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, String> badEnds = new ConcurrentHashMap<>();

    /** An operation is about to start; returns its id for {@link #end}. */
    long start(String what) {
        long id = nextId.incrementAndGet();
        open.put(id, what);
        ends.put(id, new AtomicInteger());
        return id;
    }

    /** Operation {@code id} ended with a result ({@code failure == null}) or {@code failure}. */
    void end(long id, Throwable failure) {
        Throwable f = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String what = open.remove(id);
        int n = ends.get(id).incrementAndGet();
        if (n != 1) {
            badEnds.put(id, "ended " + n + " times: " + what);
        }
        if (f != null && !(f instanceof IOException) && !(f instanceof CancellationException)) {
            badEnds.put(id, what + " ended with an undocumented " + f);
        }
        String key = f == null ? "ok" : f.getClass().getSimpleName();
        outcomes.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** A blocking public call, recorded; rethrows its IOException for the scenario to react to. */
    <T> T call(String what, IoCall<T> call) throws IOException, InterruptedException {
        long id = start(what);
        try {
            T v = call.run();
            end(id, null);
            return v;
        } catch (IOException | RuntimeException | Error e) {
            end(id, e);
            throw e;
        }
    }

    /** A blocking public call. */
    @FunctionalInterface
    interface IoCall<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Bytes a scenario compared with what they must be (received, read back) and found right. */
    final AtomicLong verifiedBytes = new AtomicLong();

    long started() {
        return nextId.get();
    }

    String open() {
        return open.isEmpty() ? "none" : open.values().toString();
    }

    Map<String, Long> outcomes() {
        Map<String, Long> m = new TreeMap<>();
        outcomes.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    void checkBalanced(FaultHarness h) {
        if (!badEnds.isEmpty()) {
            throw h.failure("operations ended wrongly: " + badEnds.values(), null);
        }
        if (!open.isEmpty()) {
            throw h.failure(open.size() + " operation(s) never ended", null);
        }
    }
}
