package io.zokio.testkit.sim;

import static io.zokio.loop.internal.OpState.data;

import io.zokio.loop.Backend;
import io.zokio.loop.BackendContext;
import io.zokio.loop.BackendFeatures;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;
import io.zokio.loop.Op;
import io.zokio.loop.SocketCalls;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.SockOpt;
import io.zokio.testkit.ManualClock;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A deterministic, simulated {@link Backend}: seeded latency and faults on a virtual clock, files on the real
 * file system, TCP in memory. See the package documentation for the model and its invariants.
 *
 * <p><b>Threading:</b> loop-thread only (the thread of the {@link EventLoop} it is attached to), except
 * {@link #wakeup()}, {@link #setJumpAllowed} and the counters, which any thread may call.
 */
public final class SimBackend implements Backend, BackendFeatures.Counters {
    private final ManualClock clock;
    private final SplittableRandom random;
    private final SimFiles files;
    private final SimNet net;
    private final BackendFeatures features;
    /** Operations with a due time: RESULT and EXEC states. */
    private final PriorityQueue<SimOp> scheduled = new PriorityQueue<>(SimOp.ORDER);
    /** Every operation in flight, in submission order (close cancels in that order). */
    private final LinkedHashSet<SimOp> inFlight = new LinkedHashSet<>();
    private final Map<Integer, Object> handles = new HashMap<>();

    // loop-thread state
    private SimConfig config;
    private BackendContext context;
    private int nextFd = 3;
    private long nextSeq;
    private long delivered;
    private boolean closed;

    // any-thread state
    private final WakeGate gate = new WakeGate();
    private volatile BooleanSupplier jumpAllowed = () -> true;
    private volatile long polls;
    private volatile long submits;
    private volatile long faults;

    public SimBackend(ManualClock clock, SimConfig config) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.random = new SplittableRandom(config.seed());
        this.files = new SimFiles(this);
        this.net = new SimNet(this, config.socketBufferBytes());
        this.features = new BackendFeatures("sim", describe(), false, this, new Sockets(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A loop over a new simulated backend, both on {@code clock}, parking at once when idle
     * ({@link IdleMode#POWER_SAVE}: no spin turns, so virtual time moves as soon as the loop is idle).
     */
    public static EventLoop newLoop(ManualClock clock, SimConfig config) {
        return EventLoop.withBackend(new SimBackend(clock, config), clock, IdleMode.POWER_SAVE);
    }

    /**
     * Decides whether an idle {@link #poll} with nothing scheduled may jump the clock to the loop's next timer
     * (default: always). A runtime answers false while work may still arrive from another thread. Any thread.
     */
    public void setJumpAllowed(BooleanSupplier jumpAllowed) {
        this.jumpAllowed = Objects.requireNonNull(jumpAllowed, "jumpAllowed");
    }

    /** The settings in force (the rates may have changed since construction, see {@link #setRates}). */
    public SimConfig config() {
        return config;
    }

    /**
     * Changes the fault and short-transfer rates for operations submitted from now on (for instance to set up
     * connections and files first, then inject faults). The random stream is unaffected. Loop thread.
     */
    public void setRates(double faultRate, double shortRate) {
        config = config.withFaultRate(faultRate).withShortRate(shortRate);
    }

    public ManualClock clock() {
        return clock;
    }

    /** Faults and short transfers injected so far. Any thread. */
    public long faultsInjected() {
        return faults;
    }

    @Override
    public void attach(BackendContext context) {
        if (this.context != null) {
            throw new IllegalStateException("backend already attached to a loop");
        }
        this.context = context;
    }

    @Override
    public BackendFeatures features() {
        return features;
    }

    private String describe() {
        return "sim (seed " + config.seed() + ", latency " + config.minLatencyNs() + ".." + config.maxLatencyNs()
                + " ns, faults " + config.faultRate() + ", short " + config.shortRate() + ")";
    }

    /** Polls so far (the simulator's "kernel entries"). */
    @Override
    public long kernelEntries() {
        return polls;
    }

    @Override
    public long submissions() {
        return submits;
    }

    @Override
    public int inFlight() {
        return inFlight.size();
    }

    /**
     * The virtual time the next scheduled operation is due, or {@link Long#MAX_VALUE} when none is (every
     * operation in flight, if any, is parked on a socket). Loop thread; lets a runtime pick its next jump.
     */
    public long nextDueNs() {
        SimOp next = scheduled.peek();
        return next == null ? Long.MAX_VALUE : next.dueNs;
    }

    /** Operations parked on a socket (waiting for data, room, a connection or an event). Loop thread. */
    public int parked() {
        return inFlight.size() - scheduled.size();
    }

    // ------------------------------------------------------------------ submit

    @Override
    public void submit(Completion c) {
        if (closed) {
            throw new IllegalStateException("sim backend is closed");
        }
        SimOp op = prepare(c);
        submits++; // single writer: the loop thread
        inFlight.add(op);
        long now = clock.nanoTime();
        long span = config.maxLatencyNs() - config.minLatencyNs();
        long latency = config.minLatencyNs() + (span == 0 ? 0 : random.nextLong(span + 1));
        op.faultRoll = random.nextDouble();
        op.shortRoll = random.nextDouble();
        op.shortFraction = random.nextDouble();
        op.faultChecked = false;
        long due = now + latency < now ? Long.MAX_VALUE : now + latency;
        op.cancelAnswer = 0;
        switch (c.op()) {
            case NOP -> schedule(op, SimOp.RESULT, 0, due);
            case OPENAT, STATX -> {
                op.cancelAnswer = -Errno.EALREADY;
                schedule(op, SimOp.RESULT, fault(op) ? -Errno.EIO : files.pathOp(c), due);
            }
            case READ, WRITE, READV, WRITEV, FSYNC, CLOSE -> {
                if (handles.get(c.fd()) instanceof SimFiles.FileHandle f) {
                    // performed now, on the real file system; the result waits for its virtual time
                    op.cancelAnswer = -Errno.EALREADY;
                    int r = c.op() != Op.CLOSE && fault(op) ? -Errno.EIO : files.fdOp(c.fd(), f, op);
                    schedule(op, SimOp.RESULT, r, due);
                } else {
                    schedule(op, SimOp.EXEC, 0, due); // a socket (or EBADF): performed at its due time
                }
            }
            case CANCEL, ACCEPT, CONNECT, RECV, SEND, SHUTDOWN, POLL -> schedule(op, SimOp.EXEC, 0, due);
            case TIMEOUT -> schedule(op, SimOp.RESULT, -Errno.EINVAL, due); // the loop owns timers
            default -> schedule(op, SimOp.RESULT, -Errno.EOPNOTSUPP, due); // multishot, splice, UDP, ...
        }
    }

    private SimOp prepare(Completion c) {
        if (data(c) instanceof SimOp op && op.owner == this) {
            return op;
        }
        SimOp op = new SimOp(c, this);
        data(c, op);
        return op;
    }

    private void schedule(SimOp op, int state, int result, long dueNs) {
        op.state = state;
        op.result = result;
        op.dueNs = dueNs;
        op.seq = nextSeq++;
        op.parkedOn = null;
        scheduled.add(op);
    }

    // ------------------------------------------------------------------ poll

    @Override
    public int poll(long waitNs) {
        if (closed) {
            return 0;
        }
        polls++;
        long start = delivered;
        runDue();
        if (delivered > start || waitNs == 0) {
            return (int) (delivered - start);
        }
        long now = clock.nanoTime();
        long limit = waitNs < 0 || now + waitNs < now ? Long.MAX_VALUE : now + waitNs;
        while (!closed) {
            if (gate.consume()) {
                break;
            }
            SimOp next = scheduled.peek();
            if (next != null) {
                // jump to the next due operation (not past the caller's deadline)
                advanceTo(Math.min(next.dueNs, limit));
                runDue();
                if (delivered > start || clock.nanoTime() >= limit) {
                    break;
                }
                continue; // what came due only parked: on to the next one
            }
            if (limit != Long.MAX_VALUE && jumpAllowed.getAsBoolean()) {
                advanceTo(limit); // nothing scheduled: jump to the loop's timer, which the loop fires
                break;
            }
            gate.await(clock, limit);
            runDue();
            break;
        }
        return (int) (delivered - start);
    }

    private void advanceTo(long targetNs) {
        long now = clock.nanoTime();
        if (targetNs > now) {
            clock.advance(targetNs - now);
        }
    }

    /**
     * Performs or delivers every operation due at the clock's time, in (due time, scheduling) order. Only those
     * scheduled before this pass: what its callbacks submit, and parked operations it wakes, wait for the next
     * pass, so a callback that resubmits with zero latency cannot keep one poll going forever.
     */
    private void runDue() {
        long now = clock.nanoTime();
        long seqLimit = nextSeq; // same due time: ordered by seq, so the first newer op ends the pass
        SimOp op;
        while (!closed && (op = scheduled.peek()) != null && op.dueNs <= now && op.seq < seqLimit) {
            scheduled.poll();
            int r = op.state == SimOp.RESULT ? op.result : execute(op);
            if (r != SimNet.PARKED) {
                finish(op, r);
            }
        }
    }

    private int execute(SimOp op) {
        return op.completion.op() == Op.CANCEL ? cancel(op) : net.execute(op);
    }

    private void finish(SimOp op, int result) {
        op.state = SimOp.IDLE;
        op.parkedOn = null;
        inFlight.remove(op);
        delivered++;
        context.deliver(op.completion, result);
    }

    /** Cancel at its due time: a target not yet performed (or parked) ends -ECANCELED, before the cancel. */
    private int cancel(SimOp cancel) {
        Completion target = cancel.completion.target();
        if (!(data(target) instanceof SimOp t) || t.owner != this) {
            return -Errno.ENOENT;
        }
        switch (t.state) {
            case SimOp.EXEC -> scheduled.remove(t);
            case SimOp.PARKED -> t.parkedOn.waiters.remove(t);
            case SimOp.RESULT -> {
                if (t.cancelAnswer != 0) {
                    return t.cancelAnswer; // a file op performed at submit (its real result follows), or finished
                }
                scheduled.remove(t); // a NOP or an unsupported op: nothing happened yet
            }
            default -> {
                return -Errno.ENOENT; // delivered already
            }
        }
        finish(t, -Errno.ECANCELED);
        return 0;
    }

    // ------------------------------------------------------------------ wakeup

    @Override
    public void wakeup() {
        gate.wakeup();
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduled.clear();
        for (Object h : handles.values()) {
            if (h instanceof SimSocket s) {
                s.waiters.clear();
            }
        }
        while (!inFlight.isEmpty()) { // submission order; removed before delivery so inFlight() stays exact
            SimOp op = inFlight.removeFirst();
            op.state = SimOp.IDLE;
            op.parkedOn = null;
            delivered++;
            context.deliver(op.completion, -Errno.ECANCELED);
        }
        for (Map.Entry<Integer, Object> e : Map.copyOf(handles).entrySet()) {
            if (e.getValue() instanceof SimFiles.FileHandle f) {
                files.close(e.getKey(), f);
            }
        }
        handles.clear();
        net.clear();
        wakeup();
    }

    // ------------------------------------------------------------------ synchronous socket calls

    private final class Sockets implements SocketCalls {
    @Override
    public int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) throws ErrnoException {
        checkOpen();
        return net.openListener(address, backlog, reusePort);
    }

    @Override
    public int openTcpSocket(boolean ipv6) {
        checkOpen();
        return net.openSocket(ipv6);
    }

    @Override
    public void setSocketOption(int fd, SockOpt option, int value) throws ErrnoException {
        net.socket(fd, "setsockopt").options.put(option, value);
    }

    @Override
    public int getSocketOption(int fd, SockOpt option) throws ErrnoException {
        return net.option(net.socket(fd, "getsockopt"), option);
    }

    @Override
    public InetSocketAddress localAddress(int fd) throws ErrnoException {
        return net.localAddress(net.socket(fd, "getsockname"));
    }

    @Override
    public InetSocketAddress remoteAddress(int fd) throws ErrnoException {
        SimSocket s = net.socket(fd, "getpeername");
        if (s.remote == null || s.kind != SimSocket.Kind.CONNECTED) {
            throw new ErrnoException("getpeername", Errno.ENOTCONN);
        }
        return s.remote;
    }

    @Override
    public void closeNow(int fd) throws ErrnoException {
        Object h = handles.get(fd);
        if (h == null) {
            throw new ErrnoException("close", Errno.EBADF);
        }
        if (h instanceof SimSocket s) {
            net.close(fd, s); // its waiters are delivered -ECANCELED by the next poll
        } else {
            ErrnoException.check("close", files.close(fd, (SimFiles.FileHandle) h));
        }
    }

    @Override
    public int openUdpSocket(InetSocketAddress address) {
        throw new UnsupportedOperationException("the simulated backend has no UDP sockets");
    }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("sim backend is closed");
        }
    }

    // ------------------------------------------------------------------ for SimNet and SimFiles

    Object handle(int fd) {
        return handles.get(fd);
    }

    /** Installs a handle under a new descriptor; descriptors are never reused, so a stale fd is always EBADF. */
    int install(Object handle) {
        int fd = nextFd++;
        handles.put(fd, handle);
        return fd;
    }

    void uninstall(int fd) {
        handles.remove(fd);
    }

    /** Retries, at the current virtual time, every operation parked on {@code s} (it changed). */
    void wake(SimSocket s) {
        if (s == null) {
            return;
        }
        long now = clock.nanoTime();
        SimOp w;
        while ((w = s.waiters.poll()) != null) {
            schedule(w, SimOp.EXEC, 0, now);
        }
    }

    /** Takes a parked operation's result now; delivered by the current (or next) poll. */
    void resultNow(SimOp op, int result) {
        op.cancelAnswer = -Errno.ENOENT;
        schedule(op, SimOp.RESULT, result, clock.nanoTime());
    }

    /** Whether {@code op} fails (its fault draw is below the fault rate); counts the fault. */
    boolean fault(SimOp op) {
        if (op.faultRoll < config.faultRate()) {
            faults++;
            return true;
        }
        return false;
    }

    /** {@code buffer}, or a seeded non-empty prefix of it when {@code op} drew a short transfer (counted). */
    MemorySegment shortened(SimOp op, MemorySegment buffer) {
        long n = buffer.byteSize();
        if (n <= 1 || op.shortRoll >= config.shortRate()) {
            return buffer;
        }
        faults++;
        return buffer.asSlice(0, 1 + (long) (op.shortFraction * (n - 1))); // 1..n-1 bytes
    }
}
