package io.zokio.http.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * <b>Threading:</b> safe from any thread (striped adders).
 *
 * <p>One server's counters: requests by status class, requests in flight, connections, bytes.
 */
public final class ServerCounters {
    /** Index 0 for 1xx up to 4 for 5xx. */
    public final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder()};
    /** Requests started; those finished are the sum of the status classes, the difference is in flight. */
    public final LongAdder started = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    public final LongAdder connectionsAccepted = new LongAdder();
    public final LongAdder connectionsRejected = new LongAdder();
    public final LongAdder connectionsFailed = new LongAdder();

    /** Responses sent (every status class). */
    public long requests() {
        long n = 0;
        for (LongAdder a : statusClasses) {
            n += a.sum();
        }
        return n;
    }

    /** Requests being handled now. */
    public int inFlight() {
        long finished = requests(); // a snapshot, exact only while no request starts or ends meanwhile
        return (int) Math.max(0, started.sum() - finished);
    }

    void finished(int status) {
        statusClasses[Math.min(4, Math.max(0, status / 100 - 1))].increment();
    }
}
