package io.zokio.loop.conformance;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test helper that is the callback of every completion a test submits through it, so that "exactly once" can be
 * asserted everywhere: it counts submissions and deliveries per completion and records each violation (a
 * delivery without a submission, a second delivery, a callback while the completion is still active, a
 * {@code result} argument that disagrees with {@link Completion#result()}, a callback run from inside
 * {@link EventLoop#submit}).
 *
 * <p><b>Threading:</b> loop-thread only (it is a callback); read it after {@code run} returned on that thread.
 */
public final class CallbackRecorder implements Callback {
    private static final class Entry {
        int submits;
        int deliveries;
        int lastResult;
        Callback then;
    }

    private final Map<Completion, Entry> entries = new IdentityHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long deliveries;
    /** True while {@link EventLoop#submit} runs: a callback then would be a delivery from inside submit. */
    private boolean inSubmit;

    /** Makes the recorder {@code c}'s callback and submits it. */
    public Completion submit(EventLoop loop, Completion c) {
        return submit(loop, c, null);
    }

    /**
     * Makes the recorder {@code c}'s callback, to run {@code then} (which may be null) after recording, and submits
     * it. {@code then} returning {@link Action#REARM} counts as another submission.
     */
    public Completion submit(EventLoop loop, Completion c, Callback then) {
        Entry e = entries.computeIfAbsent(c, k -> new Entry());
        c.callback(this);
        boolean outer = inSubmit;
        inSubmit = true;
        try {
            loop.submit(c); // throws before counting when the loop refuses it
        } finally {
            inSubmit = outer;
        }
        e.submits++;
        e.then = then;
        return c;
    }

    /** Makes the recorder every member's callback and submits them as one linked chain. */
    public void submitLinked(EventLoop loop, Completion... chain) {
        for (Completion c : chain) {
            entries.computeIfAbsent(c, k -> new Entry());
            c.callback(this);
        }
        boolean outer = inSubmit;
        inSubmit = true;
        try {
            loop.submitLinked(chain); // throws before counting when the loop refuses it
        } finally {
            inSubmit = outer;
        }
        for (Completion c : chain) {
            Entry e = entries.get(c);
            e.submits++;
            e.then = null;
        }
    }

    @Override
    public Action onComplete(EventLoop loop, Completion c, int result) {
        deliveries++;
        if (inSubmit) {
            violations.add("delivered from inside submit (the backend contract forbids it): " + c);
        }
        Entry e = entries.get(c);
        if (e == null) {
            violations.add("callback for a completion never submitted through the recorder: " + c);
            return Action.DISARM;
        }
        e.deliveries++;
        e.lastResult = result;
        if (e.deliveries > e.submits) {
            violations.add("delivered " + e.deliveries + " times for " + e.submits + " submissions: " + c
                    + " result " + describe(result));
        }
        if (c.isActive()) {
            violations.add("callback ran while the completion is still active: " + c);
        }
        if (c.result() != result) {
            violations.add("callback result " + result + " differs from completion.result() " + c.result());
        }
        if (e.then == null) {
            return Action.DISARM;
        }
        Action a = e.then.onComplete(loop, c, result);
        if (a == Action.REARM && !loop.isClosed()) {
            e.submits++;
        }
        return a;
    }

    /** Callbacks run for {@code c} so far. */
    public int count(Completion c) {
        Entry e = entries.get(c);
        return e == null ? 0 : e.deliveries;
    }

    /** Submissions of {@code c} so far. */
    public int submits(Completion c) {
        Entry e = entries.get(c);
        return e == null ? 0 : e.submits;
    }

    /** True when {@code c} was delivered as often as it was submitted. */
    public boolean done(Completion c) {
        Entry e = entries.get(c);
        return e != null && e.deliveries == e.submits;
    }

    /** The result of the last callback of {@code c}; fails when there was none. */
    public int result(Completion c) {
        Entry e = entries.get(c);
        if (e == null || e.deliveries == 0) {
            throw new AssertionError("no callback ran for " + c);
        }
        return e.lastResult;
    }

    /** All callbacks run through this recorder. */
    public long deliveries() {
        return deliveries;
    }

    /** Submissions not delivered yet, over all completions. */
    public int outstanding() {
        int n = 0;
        for (Entry e : entries.values()) {
            n += e.submits - e.deliveries;
        }
        return n;
    }

    /** Asserts {@code c} was submitted once and delivered once, with {@code expected}. */
    public void assertOnce(Completion c, int expected) {
        assertOnce(c);
        int actual = result(c);
        if (actual != expected) {
            throw new AssertionError(c.op() + " result: expected " + describe(expected) + " but was "
                    + describe(actual));
        }
    }

    /** Asserts {@code c} was submitted once and delivered exactly once. */
    public void assertOnce(Completion c) {
        assertNoViolations();
        int n = count(c);
        if (n != 1 || submits(c) != 1) {
            throw new AssertionError("expected exactly one callback for one submission of " + c + ", got " + n
                    + " callbacks for " + submits(c) + " submissions");
        }
    }

    /** Asserts no violation so far and that every submission was delivered exactly once. */
    public void assertAllDelivered() {
        assertNoViolations();
        for (Map.Entry<Completion, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            if (e.deliveries != e.submits) {
                throw new AssertionError(me.getKey() + ": " + e.submits + " submissions but " + e.deliveries
                        + " callbacks");
            }
        }
    }

    public void assertNoViolations() {
        if (!violations.isEmpty()) {
            throw new AssertionError("callback violations: " + violations);
        }
    }

    /** {@code "-ECANCELED (-125)"} or {@code "17"}. */
    public static String describe(int result) {
        return result >= 0 ? Integer.toString(result) : "-" + Errno.name(result) + " (" + result + ")";
    }
}
