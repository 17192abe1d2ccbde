package io.zokio.bench.rt;

import java.util.concurrent.atomic.AtomicReference;

/**
 * <b>Threading:</b> one sender and one waiter, on any threads; {@link #send} and {@link #then} each at most
 * once.
 *
 * <p>A one-value channel for callback executors, the role Tokio's {@code oneshot} plays in its
 * {@code ping_pong} bench: the waiter leaves a continuation; the sender's {@link #send} submits it to the
 * executor as a new task (Tokio's waker re-schedules the waiting task). A continuation left after the value
 * arrived runs inline (Tokio's poll returns {@code Ready}). Zokio has no callback-style oneshot for
 * lightweight tasks, so every callback executor uses this one.
 *
 * <p>State (the reference): null (empty), {@link #SENT}, or the waiting continuation; one CAS or swap each
 * side, so exactly one of them schedules the continuation.
 */
final class CallbackOneshot extends AtomicReference<Object> {
    private static final long serialVersionUID = 1L;
    private static final Object SENT = new Object();

    private final SchedImpl executor;

    CallbackOneshot(SchedImpl executor) {
        this.executor = executor;
    }

    void send() {
        Object prev = getAndSet(SENT);
        if (prev instanceof Runnable k) {
            executor.spawn(k);
        }
    }

    void then(Runnable k) {
        if (!compareAndSet(null, k)) {
            k.run(); // already sent
        }
    }
}
