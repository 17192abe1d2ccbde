package io.zokio.net;

import io.zokio.loop.Clock;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Threading:</b> every method may be called from any thread except a worker (event-loop) thread: leasing
 * blocks. Waiting callers park on a {@link ReentrantLock} condition (a virtual thread unmounts).
 *
 * <p>A client connection pool: at most {@code maxPerAddress} connections per address (idle, leased and being
 * opened together), idle connections reused most recent first and closed once idle longer than
 * {@code idleTimeout} (checked on every lease and release and by {@link #evictIdle()}, no background thread),
 * a health check before an idle connection is handed out (by default: still open and the peer has neither
 * closed nor sent unexpected bytes, probed with a non-blocking {@code MSG_PEEK}), and a lease timeout after
 * which a waiting caller gets {@link LeaseTimeoutException}.
 *
 * <p><b>Cancellation safety.</b> A connection goes back to the idle set only when its last exchange is known
 * to have ended cleanly. {@link Lease#close()} closes the connection instead (as {@link Lease#discard()}) when
 * <ul>
 *   <li>an operation on it ended by timeout ({@link java.net.SocketTimeoutException}), interrupt (a cancelled
 *       task, {@link java.io.InterruptedIOException}), asynchronous close or an error since it was opened,</li>
 *   <li>an operation on it is still pending (an async read whose future was abandoned, say), or</li>
 *   <li>the thread returning it is interrupted (its task was cancelled or timed out between two operations,
 *       e.g. after sending a request and before reading the reply).</li>
 * </ul>
 * Otherwise a reply to an abandoned request could still arrive and be read by the next caller as the answer to
 * its own request. A caller that ends an exchange early for reasons of its own (a protocol error) should call
 * {@link Lease#discard()}.
 *
 * <p>Each address has its own lock ({@code Slot}); connects and health checks run outside it.
 */
public final class ConnectionPool implements AutoCloseable {
    /** Decides whether an idle connection may be handed out again. */
    @FunctionalInterface
    public interface HealthCheck {
        boolean isHealthy(TcpStream stream) throws IOException;

        /** Open, and a non-blocking peek sees neither end of stream, an error nor unexpected data. */
        HealthCheck DEFAULT = TcpStream::probeIdle;
    }

    /** Thrown when no connection became available within the lease timeout. */
    public static final class LeaseTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;

        LeaseTimeoutException(String message) {
            super(message);
        }
    }

    private final Runtime runtime;
    private final int maxPerAddress;
    private final long idleTimeoutNs;
    private final Duration connectTimeout;
    private final HealthCheck healthCheck;
    private final Clock clock;
    private final Map<InetSocketAddress, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ConnectionPool(Builder b) {
        this.runtime = b.runtime;
        this.maxPerAddress = b.maxPerAddress;
        this.idleTimeoutNs = b.idleTimeout.toNanos();
        this.connectTimeout = b.connectTimeout;
        this.healthCheck = b.healthCheck;
        this.clock = b.clock;
    }

    public static Builder builder(Runtime rt) {
        return new Builder(Objects.requireNonNull(rt, "runtime"));
    }

    /** A connection pool configuration. Not thread-safe. */
    public static final class Builder {
        private final Runtime runtime;
        private int maxPerAddress = 8;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private HealthCheck healthCheck = HealthCheck.DEFAULT;
        private Clock clock = Clock.SYSTEM;

        private Builder(Runtime runtime) {
            this.runtime = runtime;
        }

        public Builder maxPerAddress(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxPerAddress must be positive: " + n);
            }
            this.maxPerAddress = n;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            if (Objects.requireNonNull(d, "idleTimeout").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive: " + d);
            }
            this.idleTimeout = d;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            Timeouts.toNanos(d);
            this.connectTimeout = d;
            return this;
        }

        public Builder healthCheck(HealthCheck check) {
            this.healthCheck = Objects.requireNonNull(check, "healthCheck");
            return this;
        }

        /** The clock of idle ages (tests pass a clock they move by hand). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ConnectionPool build() {
            return new ConnectionPool(this);
        }
    }

    /**
     * A leased connection; {@link #close()} returns it to the pool, or closes it when its exchange did not end
     * cleanly (see "Cancellation safety" in the class doc). Used by one task at a time.
     */
    public final class Lease implements AutoCloseable {
        private final Slot slot;
        private final TcpStream stream;
        private boolean done;

        private Lease(Slot slot, TcpStream stream) {
            this.slot = slot;
            this.stream = stream;
        }

        public TcpStream stream() {
            if (done) {
                throw new IllegalStateException("lease already returned");
            }
            return stream;
        }

        /** Closes the connection instead of returning it (after a protocol error, say). */
        public void discard() {
            if (!done) {
                done = true;
                stream.closeQuietly();
                slot.drop();
            }
        }

        /**
         * Returns the connection to the pool for reuse, or discards it when an operation on it timed out, was
         * interrupted or failed, is still pending, or the calling thread is interrupted. Idempotent; the
         * caller's interrupt status is left as it was.
         */
        @Override
        public void close() {
            if (!done) {
                if (!stream.reusable() || Thread.currentThread().isInterrupted()) {
                    discard();
                    return;
                }
                done = true;
                slot.giveBack(stream);
            }
        }
    }

    /**
     * Leases a connection to {@code address}: an idle healthy one, a new one while under the bound, or waits
     * for a release at most {@code timeout} (null or zero: without limit).
     *
     * @throws LeaseTimeoutException when none became available in time
     * @throws IllegalStateException when the pool is closed
     */
    public Lease lease(InetSocketAddress address, Duration timeout) throws IOException {
        Objects.requireNonNull(address, "address");
        long timeoutNs = Timeouts.toNanos(timeout);
        if (closed) {
            throw new IllegalStateException("connection pool is closed");
        }
        Slot slot = slots.computeIfAbsent(address, Slot::new);
        long deadline = timeoutNs == Timeouts.NONE ? Long.MAX_VALUE : clock.nanoTime() + timeoutNs;
        while (true) {
            TcpStream idle = slot.takeOrReserve(deadline);
            if (idle != null) {
                boolean healthy;
                try {
                    healthy = idle.isOpen() && healthCheck.isHealthy(idle);
                } catch (IOException | RuntimeException e) {
                    healthy = false;
                }
                if (healthy) {
                    return new Lease(slot, idle);
                }
                idle.closeQuietly();
                slot.drop();
                continue;
            }
            // reserved a place: connect outside the lock
            try {
                return new Lease(slot, TcpStream.connect(runtime, address, connectTimeout));
            } catch (IOException | RuntimeException e) {
                slot.drop();
                throw e;
            }
        }
    }

    /** Closes idle connections older than the idle timeout; returns how many. */
    public int evictIdle() {
        int n = 0;
        for (Slot s : slots.values()) {
            n += s.evict();
        }
        return n;
    }

    /** Connections to {@code address} now idle, leased or being opened. */
    public int total(InetSocketAddress address) {
        Slot s = slots.get(address);
        return s == null ? 0 : s.total();
    }

    /** Idle connections to {@code address}. */
    public int idle(InetSocketAddress address) {
        Slot s = slots.get(address);
        return s == null ? 0 : s.idleCount();
    }

    /** Closes every idle connection; leased ones are closed when returned. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (Slot s : slots.values()) {
            s.closeIdle();
        }
    }

    private record Idle(TcpStream stream, long sinceNs) {
    }

    /** One address: its idle stack and count, behind one lock. */
    private final class Slot {
        private final InetSocketAddress address;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final ArrayDeque<Idle> idle = new ArrayDeque<>();
        /** Idle + leased + connecting. */
        private int total;

        Slot(InetSocketAddress address) {
            this.address = address;
        }

        /** An idle stream (counted as leased), or null after reserving a place for a new one; may wait. */
        TcpStream takeOrReserve(long deadlineNs) throws IOException {
            List<TcpStream> expired = new ArrayList<>();
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        throw new IllegalStateException("connection pool is closed");
                    }
                    collectExpired(expired);
                    Idle i = idle.pollFirst();
                    if (i != null) {
                        return i.stream();
                    }
                    if (total < maxPerAddress) {
                        total++;
                        return null;
                    }
                    long left = deadlineNs == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNs - clock.nanoTime();
                    if (left <= 0) {
                        throw new LeaseTimeoutException("no connection to " + address + " within the lease timeout ("
                                + maxPerAddress + " in use)");
                    }
                    try {
                        if (left == Long.MAX_VALUE) {
                            changed.await();
                        } else {
                            changed.awaitNanos(left);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for a connection");
                    }
                }
            } finally {
                lock.unlock();
                closeAll(expired);
            }
        }

        void giveBack(TcpStream s) {
            List<TcpStream> expired = new ArrayList<>();
            lock.lock();
            try {
                if (closed || !s.isOpen()) {
                    total--;
                    expired.add(s);
                } else {
                    idle.addFirst(new Idle(s, clock.nanoTime()));
                }
                collectExpired(expired);
                changed.signal();
            } finally {
                lock.unlock();
                closeAll(expired);
            }
        }

        void drop() {
            lock.lock();
            try {
                total--;
                changed.signal();
            } finally {
                lock.unlock();
            }
        }

        int evict() {
            List<TcpStream> expired = new ArrayList<>();
            lock.lock();
            try {
                collectExpired(expired);
            } finally {
                lock.unlock();
            }
            closeAll(expired);
            return expired.size();
        }

        void closeIdle() {
            List<TcpStream> all = new ArrayList<>();
            lock.lock();
            try {
                for (Idle i : idle) {
                    all.add(i.stream());
                }
                total -= idle.size();
                idle.clear();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            closeAll(all);
        }

        /** Lock held: moves idle streams past the idle timeout (the oldest are at the tail) to {@code out}. */
        private void collectExpired(List<TcpStream> out) {
            long now = clock.nanoTime();
            Idle last;
            while ((last = idle.peekLast()) != null && now - last.sinceNs() >= idleTimeoutNs) {
                idle.pollLast();
                total--;
                out.add(last.stream());
                changed.signal();
            }
        }

        private void closeAll(List<TcpStream> streams) {
            for (TcpStream s : streams) {
                s.closeQuietly();
            }
        }

        int total() {
            lock.lock();
            try {
                return total;
            } finally {
                lock.unlock();
            }
        }

        int idleCount() {
            lock.lock();
            try {
                return idle.size();
            } finally {
                lock.unlock();
            }
        }
    }
}
