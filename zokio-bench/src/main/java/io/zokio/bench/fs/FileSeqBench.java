package io.zokio.bench.fs;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.ProcessCpuClock;
import io.zokio.bench.Reporter;
import io.zokio.bench.Rounds;
import io.zokio.bench.Sample;
import io.zokio.fs.AsyncFile;
import io.zokio.loop.IdleMode;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> {@link #run} on the main thread; each impl is one reader or writer (a virtual-thread task
 * for Zokio, the main thread for FileChannel), one 1 MiB request at a time.
 *
 * <p>{@code file_seq}: sequential 1 MiB reads of a page-cached file, and sequential 1 MiB writes of a new file
 * of the same size (into the page cache: no fsync, so the disk is not measured). In each {@link Rounds round} an
 * impl opens its file (and runtime) afresh, makes one unmeasured pass, then repeats measured passes until the
 * round's time has passed. {@code ops} are 1 MiB chunks; {@code gb_per_s} is the median round's throughput. Impls {@code zokio-read} and
 * {@code zokio-write} (AsyncFile from a virtual thread, default backend); baselines {@code filechannel-read}
 * and {@code filechannel-write} (FileChannel positional I/O on a platform thread). Compare each Zokio impl with
 * the FileChannel impl of the same direction.
 */
public final class FileSeqBench implements Bench {
    static final int CHUNK = 1 << 20;

    @Override
    public String name() {
        return "file_seq";
    }

    /** Measured time per impl and round: passes repeat until it has passed (at least one). */
    static long roundMs(Options o) {
        return o.scale().millis(1_000, 0);
    }

    @Override
    public String header(Options o) {
        return "file_seq: sequential 1 MiB reads of a page-cached " + (BenchFile.sizeFor(o.scale()) >> 20)
                + " MiB file and sequential 1 MiB writes of a new file of that size (page cache, no fsync), "
                + "one request at a time; a warm-up round, then " + Rounds.count(o.scale()) + " interleaved rounds of "
                + "one unmeasured pass and measured passes for " + roundMs(o) + " ms (at least one); gb_per_s from "
                + "the median round; impls zokio-read, zokio-write (AsyncFile on a virtual "
                + "thread, default backend, the run's idle mode: idle=); baselines filechannel-read, "
                + "filechannel-write (FileChannel, platform thread); compare impls of the same direction; "
                + "cpu_us_per_op: CPU of the process's threads (io_uring's kernel workers included) per 1 MiB "
                + "request over the measured passes, median of the rounds";
    }

    @Override
    public List<String> baselines() {
        return List.of("filechannel-read", "filechannel-write");
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        long size = BenchFile.sizeFor(o.scale());
        List<String> impls = List.of("zokio-read", "filechannel-read", "zokio-write", "filechannel-write");
        Map<String, String> backend = new LinkedHashMap<>();
        try (BenchFile file = BenchFile.create("file-seq", size)) {
            Path out = file.path.resolveSibling(file.path.getFileName() + ".out");
            try {
                Map<String, Rounds.Outcome> res = Rounds.run(o, impls, (impl, round) -> {
                    boolean write = impl.endsWith("write");
                    Path p = write ? out : file.path;
                    try {
                        return impl.startsWith("zokio") ? zokio(p, size, roundMs(o), write, o.idleMode(), backend)
                                : fileChannel(p, size, roundMs(o), write);
                    } finally {
                        Files.deleteIfExists(out);
                    }
                });
                for (String impl : impls) {
                    Rounds.Outcome oc = res.get(impl);
                    Map<String, String> x = new LinkedHashMap<>();
                    x.put("file_mb", Long.toString(size >> 20));
                    if (oc.failure() == null) {
                        x.put("gb_per_s", String.format(Locale.ROOT, "%.2f", oc.spread().median() * CHUNK / 1e9));
                        oc.putMedians(x, "%.1f", "cpu_us_per_op");
                    }
                    if (impl.startsWith("zokio")) {
                        x.putAll(backend);
                    }
                    reporter.outcome(name(), impl, oc, x);
                }
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }

    /** One round on AsyncFile from a virtual thread of a new runtime: a warm-up pass, then passes for {@code ms}. */
    private static Sample zokio(Path p, long size, long ms, boolean write, IdleMode idle, Map<String, String> x)
            throws Exception {
        try (Runtime rt = Runtime.builder().idleMode(idle).build(); Arena arena = Arena.ofShared()) {
            x.put("backend", rt.backendName());
            x.put("idle", idle.name().toLowerCase(Locale.ROOT));
            MemorySegment buf = arena.allocate(CHUNK, 4096);
            return rt.spawn(() -> {
                try (AsyncFile f = write
                        ? AsyncFile.open(rt, p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                        : AsyncFile.open(rt, p, StandardOpenOption.READ)) {
                    Rounds.Work pass = () -> {
                        for (long pos = 0; pos < size; pos += CHUNK) {
                            if (write) {
                                f.writeAll(buf, pos);
                            } else {
                                f.readFully(buf, pos);
                            }
                        }
                        return size / CHUNK;
                    };
                    pass.run(); // warms up, unmeasured
                    return timedWithCpu(ms, pass);
                }
            }).join();
        }
    }

    /** One round on FileChannel from this thread: a warm-up pass, then passes for {@code ms}. */
    private static Sample fileChannel(Path p, long size, long ms, boolean write) throws Exception {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel ch = write
                ? FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                : FileChannel.open(p, StandardOpenOption.READ)) {
            Rounds.Work pass = () -> {
                for (long pos = 0; pos < size; pos += CHUNK) {
                    buf.clear();
                    while (buf.hasRemaining()) {
                        int n = write ? ch.write(buf, pos + buf.position()) : ch.read(buf, pos + buf.position());
                        if (n < 0) {
                            throw new java.io.EOFException(p.toString());
                        }
                    }
                }
                return size / CHUNK;
            };
            pass.run(); // warms up, unmeasured
            return timedWithCpu(ms, pass);
        }
    }

    /** {@link Rounds#timed} with the process's CPU per request as figure {@code cpu_us_per_op}. */
    private static Sample timedWithCpu(long ms, Rounds.Work pass) throws Exception {
        long cpu0 = ProcessCpuClock.nanos();
        Sample s = Rounds.timed(ms, pass);
        return s.with("cpu_us_per_op", (ProcessCpuClock.nanos() - cpu0) / 1e3 / Math.max(1, s.ops()));
    }
}
