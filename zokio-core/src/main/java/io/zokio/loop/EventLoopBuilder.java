package io.zokio.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Configures an {@link EventLoop}. Not thread-safe.
 *
 * <p>Backend selection for {@link BackendKind#AUTO}: the system property {@code zokio.backend}
 * ({@code uring} or {@code nio}) when set, else io_uring when the kernel allows it, else NIO. The reason io_uring
 * was refused is kept ({@link #fallbackCause()}, named in a runtime's startup line) and logged at DEBUG once per
 * process; the kernel is probed once per process (later loops fail fast on the cached probe).
 */
public final class EventLoopBuilder {
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();
    private static final AtomicBoolean PREPARE_STARTED = new AtomicBoolean();

    /** The backends on the class or module path, by kind; found once per process. */
    private static volatile Map<BackendKind, BackendProvider> providers;
    /** Why the last {@link BackendKind#AUTO} loop fell back to NIO, or null if none did. */
    private static volatile String fallbackCause;

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

    /** The time source; tests pass a clock they move by hand and drive the loop with {@link RunMode#NO_WAIT}. */
    public EventLoopBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** What a {@link BackendProvider} needs to open a backend. */
    public record Settings(int ringEntries, int filePoolThreads) {
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
            return kind == BackendKind.AUTO ? openAuto() : provider(kind).open(settings());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + kind + " backend: " + e.getMessage(), e);
        }
    }

    /**
     * Starts the once-per-process preparation of the backend {@code kind} resolves to ({@link
     * BackendProvider#prepare}: for io_uring, binding the native calls and probing the kernel, most of a cold
     * process's first loop) on a short-lived daemon thread, so that it overlaps the caller's other start-up
     * work; the first {@link #build} then waits for it (class initialisation and the probe are each done once,
     * under their own locks). Does nothing after the first call, for NIO, or when the kind is invalid. Any thread.
     *
     * @return true when this call started the preparation (the caller may use the wait for its own start-up work)
     */
    public static boolean prepareInBackground(BackendKind kind) {
        BackendKind k;
        try {
            k = kind == BackendKind.AUTO ? forcedKind() : kind;
        } catch (IllegalArgumentException e) {
            return false; // build() reports the bad property
        }
        if (k == BackendKind.NIO || !PREPARE_STARTED.compareAndSet(false, true)) {
            return false;
        }
        Thread.ofPlatform().daemon().name("zokio-backend-prepare").start(() -> {
            try {
                provider(BackendKind.IO_URING).prepare();
            } catch (RuntimeException | LinkageError e) {
                // build() meets the same failure and reports it (or falls back to NIO under AUTO)
            }
        });
        return true;
    }

    /** Why the last {@link BackendKind#AUTO} loop fell back to NIO, or null if none did. Any thread. */
    public static String fallbackCause() {
        return fallbackCause;
    }

    private Backend openAuto() throws IOException {
        try {
            return provider(BackendKind.IO_URING).open(settings());
        } catch (IOException | UnsupportedOperationException | LinkageError e) {
            fallbackCause = e.toString();
            LoopEvents.backendFallback(fallbackCause);
            if (FALLBACK_LOGGED.compareAndSet(false, true)) {
                // DEBUG: a runtime's startup line carries the cause (fallbackCause()), one line per runtime
                // the logger is looked up here, not in a static field: its first lookup initialises the logging
                // framework (tens of milliseconds), which a build that does not fall back need not wait for
                System.getLogger("io.zokio.loop").log(System.Logger.Level.DEBUG,
                        "io_uring unavailable, using the NIO backend: {0}", e.toString());
            }
            return provider(BackendKind.NIO).open(settings());
        }
    }

    private Settings settings() {
        return new Settings(ringEntries, filePoolThreads);
    }

    private static BackendProvider provider(BackendKind kind) {
        Map<BackendKind, BackendProvider> m = providers;
        if (m == null) {
            m = new EnumMap<>(BackendKind.class);
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class, EventLoopBuilder.class.getClassLoader())) {
                m.putIfAbsent(p.kind(), p);
            }
            providers = m;
        }
        BackendProvider p = m.get(kind);
        if (p == null) {
            throw new UnsupportedOperationException("no " + kind + " backend on the class or module path"
                    + " (META-INF/services/" + BackendProvider.class.getName() + ")");
        }
        return p;
    }
}
