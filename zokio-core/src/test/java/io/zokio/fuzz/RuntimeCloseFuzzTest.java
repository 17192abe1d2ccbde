package io.zokio.fuzz;

import io.zokio.fs.AsyncFile;
import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.net.UdpSocket;
import io.zokio.runtime.Channel;
import io.zokio.runtime.ChannelClosedException;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Use after close of the runtime itself: files, sockets, channels and tasks are busy (a task parked on a
 * channel, a sleeping task, a socket read with no timeout on another thread, an async read in flight) when
 * the runtime is closed (gracefully or at once) at a random step of a random call sequence; the calls before
 * and after it, and everything that was pending, end with a documented outcome, in bounded time, and nothing
 * is left behind. Calls come from a platform thread, which outlives the runtime.
 */
@AddLifecycleHook(Fuzz.Seeded.class)
class RuntimeCloseFuzzTest {
    private static final int OPS = 14;
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /**
     * Documented for the I/O calls: IOException (kernel errors, closed resources, "runtime is shut down"),
     * misuse, and RejectedExecutionException where a call must start work on a runtime that shut down.
     */
    @SuppressWarnings("unchecked")
    private static final Class<? extends Throwable>[] IO_CALL = new Class[] {IOException.class,
            IllegalArgumentException.class, IllegalStateException.class};

    @Provide
    Arbitrary<List<Step>> sequences() {
        return Step.sequences(OPS, 6, 24);
    }

    @Property(tries = 30)
    void runtimeClosedMidSequenceOnNio(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.NIO, steps);
    }

    @Property(tries = 30)
    @AddLifecycleHook(Fuzz.NeedsIoUring.class)
    void runtimeClosedMidSequenceOnIoUring(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.IO_URING, steps);
    }

    private static void run(BackendKind kind, List<Step> steps) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("zokio-fuzz-rt");
        Fuzz.Log log = new Fuzz.Log();
        log.add("backend " + kind + ", steps " + steps);
        Leaks leaks = Leaks.before(dir);
        Runtime rt = Leaks.runtime(kind, 2);
        Throwable[] failure = new Throwable[1];
        Thread seq = Thread.ofPlatform().name("fuzz-rt-close").start(() -> {
            try (Arena arena = Arena.ofShared()) {
                new Sequence(rt, dir, log, arena).run(steps);
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        try {
            seq.join(Fuzz.HANG_MS * 3);
            if (seq.isAlive()) {
                StringBuilder where = new StringBuilder();
                for (StackTraceElement e : seq.getStackTrace()) {
                    where.append("\n    at ").append(e);
                }
                throw new AssertionError("hang: the sequence did not end\n" + log + "stuck in:" + where);
            }
            if (failure[0] != null) {
                throw failure[0] instanceof AssertionError a ? a : new AssertionError("sequence failed\n" + log,
                        failure[0]);
            }
        } catch (Throwable t) {
            Leaks.closeQuietly(rt); // report the sequence's failure, not what it left open by stopping early
            FileApiFuzzTest.deleteTree(dir);
            throw t;
        }
        try {
            leaks.closeAndCheck(rt, log);
        } finally {
            FileApiFuzzTest.deleteTree(dir);
        }
    }

    private static final class Sequence {
        final Runtime rt;
        final Path dir;
        final Fuzz.Log log;
        final Arena arena;
        final List<AutoCloseable> resources = new ArrayList<>();
        final List<CompletionStage<?>> pending = new ArrayList<>();
        final List<Task<?>> tasks = new ArrayList<>();
        final Channel<Integer> channel = Channel.bounded(1);
        AsyncFile file;
        TcpStream client;
        TcpStream server;
        TcpListener listener;
        Thread blockedReader;
        boolean closed;

        Sequence(Runtime rt, Path dir, Fuzz.Log log, Arena arena) {
            this.rt = rt;
            this.dir = dir;
            this.log = log;
            this.arena = arena;
        }

        void run(List<Step> steps) throws Exception {
            setUp();
            int closeAt = (int) Math.floorMod(steps.get(0).num(), (long) steps.size());
            for (int i = 0; i < steps.size(); i++) {
                if (i == closeAt) {
                    closeRuntime(steps.get(i).pick() % 2 == 0);
                }
                step("#" + i + " ", steps.get(i));
            }
            if (!closed) {
                closeRuntime(true);
            }
            // everything that was pending has ended, with a documented outcome
            blockedReader.join(Fuzz.HANG_MS);
            if (blockedReader.isAlive()) {
                throw new AssertionError("hang: a socket read was not released by the runtime's close\n" + log);
            }
            for (CompletionStage<?> f : pending) {
                log.await("end: pending async op", f, IOException.class);
            }
            for (Task<?> t : tasks) {
                log.await("end: task " + t, t.toCompletableFuture(), CancellationException.class,
                        ChannelClosedException.class, InterruptedException.class);
            }
            for (AutoCloseable c : resources) {
                log.call("end: close " + c, () -> {
                    c.close();
                    return null;
                }, IOException.class);
            }
        }

        private void setUp() throws Exception {
            java.nio.file.Files.write(dir.resolve("a"), new byte[4096]);
            file = AsyncFile.open(rt, dir.resolve("a"), StandardOpenOption.READ, StandardOpenOption.WRITE);
            listener = TcpListener.bind(rt, LOOPBACK, TcpListener.Options.defaults());
            client = TcpStream.connect(rt, listener.localAddress(), Duration.ofSeconds(5));
            server = listener.accept(Duration.ofSeconds(5));
            resources.addAll(List.of(file, client, server, listener));
            tasks.add(rt.spawn(channel::receive)); // parked on the channel
            tasks.add(rt.spawn(() -> {
                rt.sleep(Duration.ofDays(1)); // parked on a timer
                return null;
            }));
            pending.add(client.readAsync(ByteBuffer.allocateDirect(64), null)); // in the kernel, no timeout
            blockedReader = Thread.ofVirtual().start(() -> log.call("bg server.read(no timeout)",
                    () -> server.read(ByteBuffer.allocate(64), null), IOException.class));
        }

        private void closeRuntime(boolean graceful) {
            closed = true;
            log.call(graceful ? "RUNTIME.close" : "RUNTIME.shutdownNow", () -> {
                if (graceful) {
                    rt.close();
                } else {
                    rt.shutdownNow();
                }
                return null;
            });
        }

        private void step(String at, Step s) {
            switch (s.op()) {
                case 0 -> {
                    MemorySegment b = arena.allocate(1 + s.size(8192));
                    log.call(at + "file.read", () -> file.read(b, Math.floorMod(s.num(), 8192L)), IO_CALL);
                }
                case 1 -> {
                    MemorySegment b = arena.allocate(1 + s.size(8192));
                    log.call(at + "file.write", () -> file.write(b, Math.floorMod(s.num(), 8192L)), IO_CALL);
                }
                case 2 -> {
                    MemorySegment b = arena.allocate(16);
                    CompletionStage<Integer> f = log.call(at + "file.readAsync", () -> file.readAsync(b, 0), IO_CALL);
                    if (f != null) {
                        pending.add(f);
                    }
                }
                case 3 -> log.call(at + "AsyncFile.open", () -> {
                    AsyncFile f = AsyncFile.open(rt, dir.resolve("b"), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
                    resources.add(f);
                    return f;
                }, IO_CALL);
                case 4 -> log.call(at + "client.write", () -> client.write(ByteBuffer.allocate(1 + s.pick()),
                        Duration.ofMillis(50)), IO_CALL);
                case 5 -> log.call(at + "client.read(20 ms)", () -> client.read(arena.allocate(16),
                        Duration.ofMillis(20)), IO_CALL);
                case 6 -> log.call(at + "TcpStream.connect", () -> {
                    TcpStream c = TcpStream.connect(rt, listener.localAddress(), Duration.ofMillis(200));
                    resources.add(c);
                    return c;
                }, IO_CALL);
                case 7 -> log.call(at + "TcpListener.bind", () -> {
                    TcpListener l = TcpListener.bind(rt, LOOPBACK, TcpListener.Options.defaults());
                    resources.add(l);
                    return l;
                }, IO_CALL);
                case 8 -> log.call(at + "UdpSocket.bind", () -> {
                    UdpSocket u = UdpSocket.bind(rt, LOOPBACK);
                    resources.add(u);
                    return u;
                }, IO_CALL);
                case 9 -> {
                    Task<Integer> t = log.call(at + "spawn", () -> rt.spawn(() -> 1), RejectedExecutionException.class);
                    if (t != null) {
                        tasks.add(t);
                    }
                }
                case 10 -> log.call(at + "blockOn", () -> rt.blockOn(() -> 2), RejectedExecutionException.class,
                        CompletionException.class, CancellationException.class);
                case 11 -> log.call(at + "sleep(1 ms)", () -> {
                    rt.sleep(Duration.ofMillis(1));
                    return null;
                }, CancellationException.class, RejectedExecutionException.class);
                case 12 -> log.call(at + "timeout(5 ms, sleep 1 ms)", () -> rt.timeout(Duration.ofMillis(5), () -> {
                    rt.sleep(Duration.ofMillis(1));
                    return 3;
                }), RejectedExecutionException.class, TimeoutException.class, CompletionException.class,
                        CancellationException.class);
                default -> log.call(at + "schedule(1 ms)", () -> rt.schedule(Duration.ofMillis(1), () -> { }),
                        RejectedExecutionException.class);
            }
        }
    }
}
