package io.zokio.loop;

import io.zokio.loop.nio.NioBackend;
import io.zokio.loop.uring.IoUringBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Configures an {@link EventLoop}. Not thread-safe.
 *
 * <p>Backend selection for {@link BackendKind#AUTO}: the system property {@code zokio.backend}
 * ({@code uring} or {@code nio}) when set, else io_uring when the kernel allows it, else NIO, with the reason
 * io_uring was refused logged once per process.
 */
public final class EventLoopBuilder {
    private static final System.Logger LOG = System.getLogger("io.zokio.loop");
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private BackendKind backend = BackendKind.AUTO;
    private int ringEntries = 4096;
    private int filePoolThreads = 4;
    private IdleMode idleMode = IdleMode.BALANCED;
    private Clock clock = Clock.SYSTEM;

    EventLoopBuilder() {
    }

    public EventLoopBuilder backend(BackendKind backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /** io_uring submission queue entries (a power of two, 1..32768); completion queue is twice that. */
    public EventLoopBuilder ringEntries(int entries) {
        if (entries < 1 || entries > 32768 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("ring entries must be a power of two in 1..32768: " + entries);
        }
        this.ringEntries = entries;
        return this;
    }

    /** Threads of the NIO backend's bounded file-operation pool. */
    public EventLoopBuilder filePoolThreads(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("file pool threads must be in 1..256: " + threads);
        }
        this.filePoolThreads = threads;
        return this;
    }

    public EventLoopBuilder idleMode(IdleMode idleMode) {
        this.idleMode = Objects.requireNonNull(idleMode, "idleMode");
        return this;
    }

    /** The time source; tests pass a {@link ManualClock} and drive the loop with {@link RunMode#NO_WAIT}. */
    public EventLoopBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Opens the backend and the loop.
     *
     * @throws UncheckedIOException when the requested backend cannot be opened
     */
    public EventLoop build() {
        return new EventLoop(openBackend(), clock, idleMode);
    }

    /** The backend kind AUTO resolves to under the current system properties, before trying io_uring. */
    static BackendKind forcedKind() {
        String p = System.getProperty("zokio.backend");
        if (p == null || p.isBlank()) {
            return BackendKind.AUTO;
        }
        return switch (p.trim().toLowerCase(Locale.ROOT)) {
            case "uring", "io_uring", "iouring" -> BackendKind.IO_URING;
            case "nio" -> BackendKind.NIO;
            case "auto" -> BackendKind.AUTO;
            default -> throw new IllegalArgumentException(
                    "-Dzokio.backend must be uring, nio or auto, not '" + p + "'");
        };
    }

    private Backend openBackend() {
        BackendKind kind = backend == BackendKind.AUTO ? forcedKind() : backend;
        try {
            return switch (kind) {
                case IO_URING -> IoUringBackend.open(ringEntries);
                case NIO -> NioBackend.open(filePoolThreads);
                case AUTO -> openAuto();
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + kind + " backend: " + e.getMessage(), e);
        }
    }

    /** Why the last {@link BackendKind#AUTO} loop fell back to NIO, or null if none did. Any thread. */
    public static String fallbackCause() {
        return fallbackCause;
    }

    private static volatile String fallbackCause;

    private Backend openAuto() throws IOException {
        try {
            return IoUringBackend.open(ringEntries);
        } catch (IOException | UnsupportedOperationException | LinkageError e) {
            fallbackCause = e.toString();
            LoopEvents.backendFallback(fallbackCause);
            if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "io_uring unavailable, using the NIO backend: {0}", e.toString());
            }
            return NioBackend.open(filePoolThreads);
        }
    }
}
