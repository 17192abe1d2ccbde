package io.zokio.http.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * <b>Threading:</b> safe from any thread (striped adders).
 *
 * <p>One server's counters: requests by status class, requests in flight, connections, bytes.
 */
public final class ServerCounters {
    public final LongAdder requests = new LongAdder();
    /** Index 0 for 1xx up to 4 for 5xx. */
    public final LongAdder[] statusClasses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder()};
    /** Requests started and finished: their difference is the number in flight (no shared counter to contend on). */
    public final LongAdder started = new LongAdder();
    public final LongAdder finished = new LongAdder();
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    public final LongAdder connectionsAccepted = new LongAdder();
    public final LongAdder connectionsRejected = new LongAdder();
    public final LongAdder connectionsFailed = new LongAdder();

    /** Requests being handled now. */
    public int inFlight() {
        return (int) Math.max(0, started.sum() - finished.sum());
    }

    void finished(int status) {
        finished.increment();
        requests.increment();
        statusClasses[Math.min(4, Math.max(0, status / 100 - 1))].increment();
    }
}
