package io.zokio.net;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Counts the outcomes of socket API calls, per call: a blocking call ends when it returns or throws, an async
 * one when its future completes. Each call must end exactly once, and with a result or an {@link IOException}
 * (the type every socket call documents, {@code RuntimeClosedException} included). {@code onStart} sees each
 * call's number as it starts: the test's seeded plan of closes hangs on it.
 *
 * <p><b>Threading:</b> any thread.
 */
final class CallLedger {
    /** A blocking socket call. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, String> open = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> ends = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final LongConsumer onStart;

    CallLedger(LongConsumer onStart) {
        this.onStart = onStart;
    }

    private long start(String call) {
        long id = ids.incrementAndGet();
        ends.put(id, new AtomicInteger());
        open.put(id, call);
        onStart.accept(id);
        return id;
    }

    private void end(long id, String call, Throwable t) {
        int n = ends.get(id).incrementAndGet();
        if (n != 1) {
            failures.add(call + " #" + id + " ended " + n + " times");
        }
        open.remove(id);
        Throwable cause = unwrap(t);
        if (cause != null && !(cause instanceof IOException)) {
            failures.add(call + " #" + id + " ended with " + cause + ", not a result or an IOException");
        }
        String outcome = cause == null ? "ok" : cause.getClass().getSimpleName();
        outcomes.computeIfAbsent(call + " " + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** A blocking call: counted when it returns or throws; rethrows what it threw. */
    <T> T call(String call, IoCall<T> body) throws IOException {
        long id = start(call);
        try {
            T v = body.call();
            end(id, call, null);
            return v;
        } catch (IOException | RuntimeException | Error e) {
            end(id, call, e);
            throw e;
        }
    }

    /** An async call: counted when its future completes (or, should it throw at once, then). */
    <T> CompletableFuture<T> async(String call, Supplier<CompletableFuture<T>> body) {
        long id = start(call);
        CompletableFuture<T> f;
        try {
            f = body.get();
        } catch (RuntimeException e) {
            end(id, call + " (thrown, not completed)", e);
            return CompletableFuture.failedFuture(e);
        }
        return f.whenComplete((v, t) -> end(id, call, t));
    }

    long started() {
        return ids.get();
    }

    /** Calls started and not ended, by number. */
    Map<Long, String> open() {
        return new TreeMap<>(open);
    }

    Queue<String> failures() {
        return failures;
    }

    /** How many calls ended how, e.g. {@code "read ok" -> 120}. */
    Map<String, Long> outcomes() {
        Map<String, Long> m = new TreeMap<>();
        outcomes.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    long count(String callAndOutcome) {
        AtomicLong n = outcomes.get(callAndOutcome);
        return n == null ? 0 : n.get();
    }
}
