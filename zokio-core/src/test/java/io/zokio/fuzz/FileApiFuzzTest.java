package io.zokio.fuzz;

import io.zokio.buffer.PooledBuffer;
import io.zokio.fs.AsyncFile;
import io.zokio.fs.Files;
import io.zokio.fs.ZokioOpenOption;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random sequences of {@link AsyncFile} and {@link Files} calls (open with random option sets, reads and
 * writes at random offsets with every kind of buffer, vectored I/O, append, sync, fallocate, truncate, stat,
 * close, use after close, async calls left in flight and cancelled, interrupted calls, path helpers) on each
 * backend. Every call returns or throws what its Javadoc documents; the runtime then closes cleanly with no
 * thread, descriptor or pooled buffer left.
 */
@AddLifecycleHook(Fuzz.Seeded.class)
class FileApiFuzzTest {
    private static final int OPS = 22;
    private static final OpenOption[] OPTIONS = {StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND, StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.DSYNC, StandardOpenOption.SYNC,
            StandardOpenOption.DELETE_ON_CLOSE, StandardOpenOption.SPARSE, LinkOption.NOFOLLOW_LINKS,
            ZokioOpenOption.DIRECT};
    /** What the AsyncFile calls document: kernel errors and closed files (IOException), misuse. */
    @SuppressWarnings("unchecked")
    private static final Class<? extends Throwable>[] FILE_CALL = new Class[] {IOException.class,
            IllegalArgumentException.class, NullPointerException.class};

    @Provide
    Arbitrary<List<Step>> sequences() {
        return Step.sequences(OPS, 10, 40);
    }

    @Property(tries = 60)
    void fileCallsOnNio(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.NIO, steps);
    }

    @Property(tries = 60)
    @AddLifecycleHook(Fuzz.NeedsIoUring.class)
    void fileCallsOnIoUring(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.IO_URING, steps);
    }

    private static void run(BackendKind kind, List<Step> steps) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("zokio-fuzz-fs");
        Fuzz.Log log = new Fuzz.Log();
        log.add("backend " + kind + ", steps " + steps);
        Leaks leaks = Leaks.before(dir);
        Runtime rt = Leaks.runtime(kind, 2);
        try {
            Task<Void> t = rt.spawn(() -> {
                new Sequence(rt, dir, log).run(steps);
                return null;
            });
            try {
                t.toCompletableFuture().get(Fuzz.HANG_MS * 3, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("hang: the sequence did not end\n" + log);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof AssertionError a) {
                    throw a;
                }
                throw new AssertionError("sequence failed\n" + log, e.getCause());
            }
        } catch (Throwable t) {
            Leaks.closeQuietly(rt); // report the sequence's failure, not what it left open by stopping early
            deleteTree(dir);
            throw t;
        }
        try {
            leaks.closeAndCheck(rt, log);
        } finally {
            deleteTree(dir);
        }
    }

    /** One sequence's state, used by its task's virtual thread only. */
    private static final class Sequence {
        private final Runtime rt;
        private final Path dir;
        private final Fuzz.Log log;
        private final AsyncFile[] files = new AsyncFile[3];
        private final List<CompletionStage<Integer>> inFlight = new ArrayList<>();
        private final List<PooledBuffer> pooled = new ArrayList<>();
        private final Arena arena = Arena.ofShared();

        Sequence(Runtime rt, Path dir, Fuzz.Log log) {
            this.rt = rt;
            this.dir = dir;
            this.log = log;
        }

        void run(List<Step> steps) throws Exception {
            try {
                // a file with content open for reading and writing, and one for appending, so that most steps
                // act on an open file
                Files.write(dir.resolve("a"), new byte[10_000]);
                files[0] = AsyncFile.open(rt, dir.resolve("a"), StandardOpenOption.READ, StandardOpenOption.WRITE);
                files[1] = AsyncFile.open(rt, dir.resolve("b"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                for (int i = 0; i < steps.size(); i++) {
                    step(i, steps.get(i));
                }
            } finally {
                for (CompletionStage<Integer> s : inFlight) { // every async call ends, with a documented outcome
                    log.await("end: in-flight op", s, FILE_CALL);
                }
                for (int i = 0; i < files.length; i++) {
                    AsyncFile f = files[i];
                    if (f != null) {
                        log.call("end: close f" + i, () -> {
                            f.close();
                            return null;
                        }, FILE_CALL);
                    }
                }
                pooled.forEach(PooledBuffer::release);
                arena.close();
            }
        }

        private void step(int i, Step s) {
            AsyncFile f = files[s.pick() % files.length];
            String fn = "#" + i + " f" + (s.pick() % files.length) + ".";
            long pos = s.num();
            switch (s.op()) {
                case 0, 1 -> {
                    OpenOption[] o = options(s.pick() + (int) s.num());
                    Path p = path(s.pick());
                    AsyncFile opened = log.call("#" + i + " open(" + dir.relativize(p) + ", " + List.of(o) + ")",
                            () -> AsyncFile.open(rt, p, o), IOException.class, IllegalArgumentException.class);
                    if (opened != null) {
                        AsyncFile old = files[s.pick() % files.length];
                        files[s.pick() % files.length] = opened;
                        if (old != null) {
                            log.call(fn + "close (replaced)", () -> {
                                old.close();
                                return null;
                            }, FILE_CALL);
                        }
                    }
                }
                case 2 -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        log.call(fn + "read(" + what(b) + ", " + pos + ")", () -> f.read(b, pos), FILE_CALL);
                    }
                }
                case 3 -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        log.call(fn + "write(" + what(b) + ", " + pos + ")", () -> f.write(b, pos), FILE_CALL);
                    }
                }
                case 4 -> {
                    if (f != null) {
                        ByteBuffer b = byteBuffer(s);
                        log.call(fn + "read(" + what(b) + ", " + pos + ")", () -> f.read(b, pos), FILE_CALL);
                    }
                }
                case 5 -> {
                    if (f != null) {
                        ByteBuffer b = byteBuffer(s);
                        log.call(fn + "write(" + what(b) + ", " + pos + ")", () -> f.write(b, pos), FILE_CALL);
                    }
                }
                case 6 -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        log.call(fn + "readFully(" + what(b) + ", " + pos + ")", () -> {
                            f.readFully(b, pos);
                            return null;
                        }, FILE_CALL);
                    }
                }
                case 7 -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        log.call(fn + "writeAll(" + what(b) + ", " + pos + ")", () -> {
                            f.writeAll(b, pos);
                            return null;
                        }, FILE_CALL);
                    }
                }
                case 8 -> {
                    if (f != null) {
                        MemorySegment[] bs = {segment(s), segment(new Step(0, s.pick() / 7, s.num() / 3))};
                        boolean read = s.pick() % 2 == 0;
                        log.call(fn + (read ? "read" : "write") + "(vector " + what(bs[0]) + "+" + what(bs[1])
                                + ", " + pos + ")", () -> read ? f.read(bs, pos) : f.write(bs, pos), FILE_CALL);
                    }
                }
                case 9 -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        // append documents IllegalStateException for a file opened without APPEND
                        log.call(fn + "append(" + what(b) + ")", () -> {
                            f.append(b);
                            return null;
                        }, IOException.class, IllegalArgumentException.class, NullPointerException.class,
                                IllegalStateException.class);
                    }
                }
                case 10 -> {
                    if (f != null) {
                        boolean data = s.pick() % 2 == 0;
                        log.call(fn + (data ? "fdatasync" : "fsync"), () -> {
                            if (data) {
                                f.fdatasync();
                            } else {
                                f.fsync();
                            }
                            return null;
                        }, FILE_CALL);
                    }
                }
                case 11 -> {
                    if (f != null) {
                        long len = (s.pick() % 4 == 0) ? -s.pick() : Math.floorMod(s.num(), 1 << 20);
                        log.call(fn + "fallocate(" + pos + ", " + len + ")", () -> {
                            f.fallocate(pos, len); // bounded length: never allocates much of a real disk
                            return null;
                        }, FILE_CALL);
                    }
                }
                case 12 -> {
                    if (f != null) {
                        log.call(fn + "truncate(" + pos + ")", () -> {
                            f.truncate(pos);
                            return null;
                        }, FILE_CALL);
                    }
                }
                case 13 -> {
                    if (f != null) {
                        log.call(fn + "size", f::size, FILE_CALL);
                    }
                }
                case 14 -> {
                    if (f != null) {
                        log.call(fn + "close", () -> {
                            f.close();
                            return null;
                        }, FILE_CALL);
                    }
                }
                case 15 -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        boolean read = s.pick() % 3 != 0;
                        CompletionStage<Integer> st = log.call(fn + (read ? "readAsync(" : "writeAsync(") + what(b)
                                + ", " + pos + ")", () -> read ? f.readAsync(b, pos) : f.writeAsync(b, pos),
                                FILE_CALL);
                        if (st != null) {
                            inFlight.add(st);
                        }
                    }
                }
                case 16 -> {
                    if (!inFlight.isEmpty()) {
                        CompletionStage<Integer> st = inFlight.get(s.pick() % inFlight.size());
                        log.call("#" + i + " cancel in-flight op", () -> st.toCompletableFuture().cancel(true));
                    }
                }
                case 17 -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        Thread.currentThread().interrupt(); // the call must cancel, or finish, and clear nothing else
                        log.call(fn + "interrupted read(" + what(b) + ", " + pos + ")", () -> f.read(b, pos),
                                FILE_CALL);
                        Thread.interrupted();
                    }
                }
                case 18 -> {
                    Path p = path(s.pick());
                    Path q = path(s.pick() / 5);
                    switch (s.pick() % 4) {
                        case 0 -> log.call("#" + i + " Files.copy(" + name(p) + ", " + name(q) + ")",
                                () -> s.num() % 2 == 0 ? Files.copy(p, q) : Files.copy(p, q,
                                        StandardCopyOption.REPLACE_EXISTING), IOException.class);
                        case 1 -> log.call("#" + i + " Files.rename(" + name(p) + ", " + name(q) + ")",
                                () -> Files.rename(p, q), IOException.class);
                        case 2 -> log.call("#" + i + " Files.deleteIfExists(" + name(p) + ")",
                                () -> Files.deleteIfExists(p), IOException.class);
                        default -> log.call("#" + i + " Files.createDirectory(" + name(p) + ")",
                                () -> Files.createDirectory(p), IOException.class);
                    }
                }
                case 19 -> {
                    Path p = path(s.pick());
                    if (s.pick() % 2 == 0) {
                        byte[] data = new byte[s.size(70_000)];
                        log.call("#" + i + " Files.write(" + name(p) + ", " + data.length + " bytes)",
                                () -> Files.write(p, data), IOException.class, IllegalArgumentException.class);
                    } else if (sizeOrMax(p) < (16 << 20)) { // a 2 GiB file documents OutOfMemoryError instead
                        log.call("#" + i + " Files.readAllBytes(" + name(p) + ")", () -> Files.readAllBytes(p).length,
                                IOException.class);
                    }
                }
                case 20 -> {
                    if (f != null) {
                        log.call(fn + "stat", f::stat, FILE_CALL);
                    }
                }
                default -> {
                    if (f != null) {
                        MemorySegment b = segment(s);
                        boolean read = s.pick() % 2 == 0;
                        log.call(fn + (read ? "read" : "write") + "(at file position, " + what(b) + ")",
                                () -> read ? f.read(b) : f.write(b), FILE_CALL);
                    }
                }
            }
        }

        private static long sizeOrMax(Path p) {
            try {
                return java.nio.file.Files.size(p);
            } catch (IOException e) {
                return 0; // missing: readAllBytes must throw an IOException
            }
        }

        private Path path(int pick) {
            return switch (pick % 6) {
                case 0, 1 -> dir.resolve("a");
                case 2 -> dir.resolve("b");
                case 3 -> dir.resolve("sub");
                case 4 -> dir.resolve("missing").resolve("x");
                default -> dir;
            };
        }

        private String name(Path p) {
            return p.equals(dir) ? "." : dir.relativize(p).toString();
        }

        private static OpenOption[] options(int bits) {
            List<OpenOption> o = new ArrayList<>();
            int b = Math.floorMod(bits * 0x9E3779B9, 1 << OPTIONS.length);
            for (int i = 0; i < OPTIONS.length; i++) {
                // the rarer options (sync, delete, direct) only now and then
                if ((b & (1 << i)) != 0 && (i < 6 || (b >>> 16) % 3 == 0)) {
                    o.add(OPTIONS[i]);
                }
            }
            return o.toArray(OpenOption[]::new);
        }

        /** Every kind of segment a caller could pass: good ones, and each misuse the Javadoc rules out. */
        private MemorySegment segment(Step s) {
            int n = s.size(65_536);
            return switch ((s.pick() >> 2) % 9) {
                case 0 -> null;
                case 1, 2 -> arena.allocate(Math.max(n, 1)).asSlice(0, n);
                case 3 -> MemorySegment.ofArray(new byte[n]); // heap: refused
                case 4 -> Arena.ofConfined().allocate(Math.max(n, 1)); // confined: refused (freed by GC? no: leaked
                // until exit, a few KiB per try)
                case 5 -> arena.allocate(Math.max(n, 1)).asReadOnly();
                case 6 -> {
                    PooledBuffer p = rt.buffers().acquire(Math.max(n, 1));
                    pooled.add(p);
                    yield p.segment().asSlice(0, Math.min(n, p.capacity()));
                }
                case 7 -> { // a segment whose arena is already closed: its memory is gone
                    Arena a = Arena.ofShared();
                    MemorySegment dead = a.allocate(Math.max(n, 1));
                    a.close();
                    yield dead;
                }
                default -> arena.allocate(4096 + n, 4096).asSlice(0, 4096); // aligned, for O_DIRECT
            };
        }

        private ByteBuffer byteBuffer(Step s) {
            int n = s.size(65_536);
            return switch ((s.pick() >> 2) % 5) {
                case 0 -> null;
                case 1 -> ByteBuffer.allocate(n);
                case 2 -> ByteBuffer.allocateDirect(n);
                case 3 -> ByteBuffer.allocate(n).asReadOnlyBuffer();
                default -> ByteBuffer.allocateDirect(n).asReadOnlyBuffer();
            };
        }

        private static String what(Object b) {
            if (b == null) {
                return "null";
            }
            if (b instanceof MemorySegment m) {
                return (m.isNative() ? "native" : "heap") + (m.isReadOnly() ? " ro" : "") + (m.scope().isAlive()
                        ? "" : " dead") + " " + m.byteSize();
            }
            ByteBuffer bb = (ByteBuffer) b;
            return (bb.isDirect() ? "direct" : "heap") + (bb.isReadOnly() ? " ro" : "") + " " + bb.remaining();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var s = java.nio.file.Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }
}
