package io.zokio.net;

import io.zokio.loop.EventLoop;
import io.zokio.loop.Op;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.runtime.internal.ShutdownWatch;
import io.zokio.runtime.internal.WorkerLoops;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * <b>Threading:</b> {@link #close}, {@link #isClosed}, {@link #checkOpen} and {@link #registerFile} from any
 * thread ({@link #registerFile} parks); {@link #register} while the owning socket is being built (before it is
 * shared); the {@code *OnLoop} methods, {@link #opSettled}, {@link #slot} and {@link #adoptSlot} on the
 * socket's loop thread.
 *
 * <p>A descriptor owned by one worker's loop, its optional registered-file index, and the close protocol that
 * makes every pending operation complete exactly once:
 * <ol>
 *   <li>{@link #close} flips {@code closed} (CAS: once) so that new operations are refused at the edge;</li>
 *   <li>on the loop thread, {@code closing} is set, so that an operation whose hand-off raced with close is
 *       refused there ({@link NetOp#CLOSED}), and each op in flight gets a CANCEL;</li>
 *   <li>when the last op settled (each callback calls {@link #opSettled}), the descriptor is closed. It is
 *       closed only then because an io_uring request keeps its file open past {@code close(2)}, and the NIO
 *       backend's handle must not be reused while a wait list still names it.</li>
 * </ol>
 */
final class SocketCore {
    private static final VarHandle CLOSED;
    private static final long CLOSE_WAIT_SECONDS = 10;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(SocketCore.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final WorkerLoops loops;
    final int worker;
    final EventLoop loop;
    final int fd;
    private Pending[] ops = new Pending[0];
    @SuppressWarnings("unused") // through CLOSED
    private volatile int closed;
    private final CompletableFuture<Void> fdClosed = new CompletableFuture<>();

    // loop thread
    private boolean closing;
    private boolean descriptorClosed;
    /** The runtime's registered-file index of this socket, or -1 (see {@link #registerFile}). */
    private int slot = -1;
    /** {@code slot >= 0}, for any thread. */
    private volatile boolean registered;
    /** Serializes {@link #registerFile} calls. */
    private final Object registering = new Object();
    /** Set once an operation ended by timeout, interrupt, asynchronous close or an error; see {@link #markAborted}. */
    private volatile boolean aborted;

    // loop thread, for the runtime's shutdown (listeners and accepted streams only)
    /**
     * Bytes arrived since the last send: a request is being read, so a read now is not waiting idle. Written by
     * the loop (completions) and by an inline transfer's caller ({@link #noteInlineTransfer}), read by the loop
     * at shutdown; volatile for the latter.
     */
    private volatile boolean readSinceWrite;
    /** The runtime is shutting down: a read that would wait idle closes the socket instead. */
    private boolean closeWhenIdle;
    /** What the runtime's shutdown calls, while registered with its {@link ShutdownWatch}; else null. */
    private volatile ShutdownWatch.Resource shutdownHook;

    SocketCore(WorkerLoops loops, int worker, int fd) {
        this.loops = loops;
        this.worker = worker;
        this.loop = loops.loop(worker);
        this.fd = fd;
    }

    /** An operation the close protocol cancels and waits for. Loop-thread methods. */
    interface Pending {
        /** Cancels the operation if it is in flight; it then settles and calls {@link #opSettled}. */
        void cancelForClose();

        /** True while any of its completions is in the loop. */
        boolean inFlight();
    }

    /**
     * Adds an op to the set that close cancels. During construction (then the array is published with the
     * socket), or later on the loop thread only.
     */
    void register(Pending op) {
        Pending[] n = Arrays.copyOf(ops, ops.length + 1);
        n[ops.length] = op;
        ops = n;
    }

    boolean isClosed() {
        return (int) CLOSED.getVolatile(this) != 0;
    }

    /** Refuses a closed socket at the API edge. */
    void checkOpen() throws ClosedChannelException {
        if (isClosed()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Records that an operation ended without its result (timed out, interrupted, cancelled by a close, or failed
     * with an errno): the bytes on the wire may no longer line up with what the application expects next (a
     * reply to a request whose read was abandoned may still arrive), so a pool must not hand the socket to
     * another caller. Sticky. Any thread.
     */
    void markAborted() {
        aborted = true;
    }

    /** Whether {@link #markAborted} was called. */
    boolean aborted() {
        return aborted;
    }

    /** Loop thread: true once the close protocol started on the loop. */
    boolean closingOnLoop() {
        return closing;
    }

    /**
     * Closes the socket: pending operations complete with {@link java.nio.channels.AsynchronousCloseException},
     * then the descriptor is closed. Waits (bounded) for the descriptor to be closed unless the caller is a
     * loop thread, which must not block. Idempotent.
     */
    void close() throws IOException {
        ShutdownWatch.Resource hook = shutdownHook;
        if (hook != null) {
            shutdownHook = null;
            loops.shutdownWatch().remove(hook);
        }
        if (CLOSED.compareAndSet(this, 0, 1)) {
            if (loops.onLoopThread(worker)) {
                closeOnLoop();
            } else {
                try {
                    loop.execute(this::closeOnLoop);
                } catch (RejectedExecutionException e) {
                    // the loop is closed or closing: it closes every descriptor its operations created and nobody
                    // closed (NIO its handles, io_uring its record of them); closing the number here could close
                    // a descriptor someone else got since
                    fdClosed.complete(null);
                }
            }
        }
        if (loops.onLoopThread(worker) || loops.onWorkerPlatformThread()) {
            return;
        }
        try {
            fdClosed.get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing");
        } catch (ExecutionException e) {
            throw new IOException("close failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("close: pending operations did not finish within " + CLOSE_WAIT_SECONDS + " s");
        }
    }

    /** Completes when the descriptor has been closed. */
    CompletableFuture<Void> closeFuture() {
        return fdClosed;
    }

    private void closeOnLoop() {
        closing = true;
        for (Pending op : ops) {
            op.cancelForClose();
        }
        maybeCloseDescriptor();
    }

    /** Loop thread: called by each op once it settled. */
    void opSettled() {
        if (closing) {
            maybeCloseDescriptor();
        }
    }

    private void maybeCloseDescriptor() {
        if (descriptorClosed) {
            return;
        }
        for (Pending op : ops) {
            if (op.inFlight()) {
                return;
            }
        }
        descriptorClosed = true;
        int s = slot;
        if (s >= 0) {
            // no op names the index any more: empty it on every worker, then close the descriptor here
            slot = -1;
            registered = false;
            loops.runtime().unregisterFile(s).whenComplete((v, e) -> {
                try {
                    loop.execute(this::closeDescriptor);
                } catch (RejectedExecutionException closed) {
                    fdClosed.complete(null); // the loop is closed: its backend released everything
                }
            });
            return;
        }
        closeDescriptor();
    }

    private void closeDescriptor() {
        try {
            DescriptorCalls.closeNow(loop, fd);
            fdClosed.complete(null);
        } catch (IOException | RuntimeException e) {
            fdClosed.completeExceptionally(e);
        }
    }

    // ------------------------------------------------------------------ runtime shutdown

    /**
     * A listener: the runtime's shutdown closes it first, so that no connection arrives and a pending accept
     * fails at once. Refused (the listener closed) when the shutdown began already.
     */
    void closeAtShutdown() throws IOException {
        closeAtShutdown(() -> {
        });
    }

    /**
     * As {@link #closeAtShutdown()}, running {@code afterClose} on the shutting-down thread once the close
     * returned (a Unix domain listener removes its socket file there), also when the shutdown began already.
     */
    void closeAtShutdown(Runnable afterClose) throws IOException {
        ShutdownWatch.Resource hook = () -> {
            try {
                close();
            } catch (IOException e) {
                // the descriptor is closed by the loop's close at the latest
            } finally {
                afterClose.run();
            }
        };
        shutdownHook = hook;
        if (!loops.shutdownWatch().add(hook)) {
            try {
                close();
            } finally {
                afterClose.run();
            }
            throw new RuntimeClosedException();
        }
    }

    /**
     * Loop thread, an accepted stream: once the runtime's shutdown begins, a read waiting idle (nothing received
     * since the stream's last send, or since it was accepted) closes the stream, so that a keep-alive
     * connection waiting for its next request does not hold the shutdown up for the grace period; a read in the
     * middle of a request goes on.
     */
    void closeWhenIdleAtShutdown() {
        ShutdownWatch.Resource hook = () -> {
            try {
                loop.execute(this::shutdownBeganOnLoop);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the loop is closing: it cancels every operation in flight
            }
        };
        shutdownHook = hook;
        if (!loops.shutdownWatch().add(hook)) {
            shutdownHook = null;
            closeWhenIdle = true; // accepted while the shutdown began: its first read waits idle
        }
    }

    private void shutdownBeganOnLoop() {
        closeWhenIdle = true;
        if (!readSinceWrite && !closing) {
            for (Pending p : ops) {
                if (p instanceof NetOp n && n.op.isActive() && isRead(n.op.op())) {
                    closeFromLoop();
                    return;
                }
            }
        }
    }

    /** Loop thread: true (and the socket closing) when a read of {@code kind} would now wait idle at shutdown. */
    boolean refuseIdleRead(Op kind) {
        if (!closeWhenIdle || readSinceWrite || closing || !isRead(kind)) {
            return false;
        }
        closeFromLoop();
        return true;
    }

    /** Loop thread: an operation of {@code kind} transferred {@code result} bytes (or failed, when negative). */
    void noteTransfer(Op kind, int result) {
        if (result > 0) {
            switch (kind) {
                case RECV, READ, READV, RECVMSG -> readSinceWrite = true;
                case SEND, WRITE, WRITEV, SENDMSG, SEND_ZC, SENDFILE, SPLICE -> readSinceWrite = false;
                default -> {
                }
            }
        }
    }

    /** Any thread holding the op's inline claim: an inline receive ({@code read}) or send moved bytes. */
    void noteInlineTransfer(boolean read) {
        readSinceWrite = read;
    }

    private static boolean isRead(Op kind) {
        return kind == Op.RECV || kind == Op.READ || kind == Op.READV || kind == Op.RECVMSG;
    }

    private void closeFromLoop() {
        ShutdownWatch.Resource hook = shutdownHook;
        if (hook != null) {
            shutdownHook = null;
            loops.shutdownWatch().remove(hook);
        }
        if (CLOSED.compareAndSet(this, 0, 1)) {
            closeOnLoop();
        }
    }

    // ------------------------------------------------------------------ registered files

    /**
     * Registers the descriptor at one index of the runtime's registered-file tables; see
     * {@link TcpStream#register()}. False when the tables are full, disabled or refused it, or the socket
     * closed meanwhile (then {@link ClosedChannelException}). Idempotent; parks, not on an event-loop thread.
     */
    boolean registerFile() throws IOException {
        checkOpen();
        synchronized (registering) {
            if (registered) {
                return true;
            }
            Runtime rt = loops.runtime();
            int index = rt.registerFile(fd);
            if (index < 0) {
                return false;
            }
            boolean adopted;
            try {
                adopted = loops.call(worker, l -> adoptSlot(index));
            } catch (IOException | RuntimeException e) {
                rt.unregisterFile(index);
                throw e;
            }
            if (!adopted) { // closed meanwhile: the close protocol never saw the index
                rt.unregisterFile(index);
                checkOpen();
                return false;
            }
            return true;
        }
    }

    /** Loop thread: the registered-file index ops should name, or -1. */
    int slot() {
        return slot;
    }

    /**
     * Loop thread: takes {@code index} (registered in every worker's table) as this socket's, unless the close
     * protocol already started; false then, and the caller unregisters it.
     */
    boolean adoptSlot(int index) {
        if (closing || descriptorClosed || slot >= 0) {
            return false;
        }
        slot = index;
        registered = true;
        return true;
    }

    boolean isRegistered() {
        return registered;
    }
}
