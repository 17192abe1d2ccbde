package io.zokio.testkit.sim;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.testkit.ManualClock;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated loop for one test, on the test thread: its clock, backend, a confined arena for buffers, and a
 * recorder that logs every callback as {@code "op result @time"} and counts callbacks per submission. Not
 * thread-safe.
 */
final class SimHarness implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final EventLoop loop;
    final SimBackend backend;
    final Arena arena = Arena.ofConfined();
    final List<String> trace = new ArrayList<>();
    private final Map<Completion, int[]> counts = new IdentityHashMap<>();

    SimHarness(SimConfig config) {
        loop = SimBackend.newLoop(clock, config);
        backend = (SimBackend) loop.backend();
    }

    /** A callback that records, counts, then runs {@code then} (which may resubmit). */
    Callback record(Callback then) {
        return (l, c, r) -> {
            trace.add(c.op() + " " + r + " @" + clock.nanoTime());
            counts.computeIfAbsent(c, k -> new int[2])[1]++;
            return then == null ? Action.DISARM : then.onComplete(l, c, r);
        };
    }

    Callback record() {
        return record(null);
    }

    /** Submits {@code c} (with a recording callback unless it has one), counting the submission. */
    Completion submit(Completion c) {
        if (c.callback() == null) {
            c.callback(record());
        }
        counts.computeIfAbsent(c, k -> new int[2])[0]++;
        loop.submit(c);
        return c;
    }

    /** Counts a submission made by a callback (a resubmit inside {@link #record(Callback)}). */
    void counted(Completion c) {
        counts.computeIfAbsent(c, k -> new int[2])[0]++;
    }

    /** Every completion ran its callback exactly once per submission. */
    boolean exactlyOnce() {
        return counts.values().stream().allMatch(n -> n[0] == n[1]);
    }

    MemorySegment bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = arena.allocate(b.length);
        MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
        return m;
    }

    static String string(MemorySegment m, int n) {
        byte[] b = new byte[n];
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, 0, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        loop.close();
        arena.close();
    }
}
