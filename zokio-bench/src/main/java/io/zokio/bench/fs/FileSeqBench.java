package io.zokio.bench.fs;

import io.zokio.bench.Bench;
import io.zokio.bench.Options;
import io.zokio.bench.Reporter;
import io.zokio.fs.AsyncFile;
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
 * of the same size (into the page cache: no fsync, so the disk is not measured), repeated for a few passes.
 * {@code ops} are 1 MiB chunks; {@code gb_per_s} is the throughput. Impls {@code zokio-read} and
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

    static int passes(Options o) {
        return switch (o.scale()) {
            case FULL -> 5;
            case QUICK -> 2;
            case TINY -> 1;
        };
    }

    @Override
    public String header(Options o) {
        return "file_seq: sequential 1 MiB reads of a page-cached " + (BenchFile.sizeFor(o.scale()) >> 20)
                + " MiB file and sequential 1 MiB writes of a new file of that size (page cache, no fsync), "
                + passes(o) + " measured passes after one warm-up pass, one request at a time; impls zokio-read, zokio-write (AsyncFile on a virtual "
                + "thread, default backend); baselines filechannel-read, filechannel-write (FileChannel, platform "
                + "thread); compare impls of the same direction";
    }

    @Override
    public List<String> baselines() {
        return List.of("filechannel-read", "filechannel-write");
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        long size = BenchFile.sizeFor(o.scale());
        int passes = passes(o);
        try (BenchFile file = BenchFile.create("file-seq", size)) {
            Path out = file.path.resolveSibling(file.path.getFileName() + ".out");
            try {
                for (String impl : List.of("zokio-read", "filechannel-read", "zokio-write", "filechannel-write")) {
                    try {
                        boolean write = impl.endsWith("write");
                        Map<String, String> x = new LinkedHashMap<>();
                        double secs = impl.startsWith("zokio")
                                ? zokio(write ? out : file.path, size, passes, write, x)
                                : fileChannel(write ? out : file.path, size, passes, write);
                        long chunks = passes * (size / CHUNK);
                        x.put("file_mb", Long.toString(size >> 20));
                        x.put("gb_per_s", String.format(Locale.ROOT, "%.2f", chunks * (double) CHUNK / secs / 1e9));
                        reporter.measured(name(), impl, chunks, secs, x);
                    } catch (Exception e) {
                        reporter.skipped(name(), impl, Map.of(), "failed: " + Reporter.reason(e));
                    }
                    Files.deleteIfExists(out);
                }
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }

    private static double zokio(Path p, long size, int passes, boolean write, Map<String, String> x) throws Exception {
        try (Runtime rt = Runtime.builder().build(); Arena arena = Arena.ofShared()) {
            x.put("backend", rt.backendName());
            MemorySegment buf = arena.allocate(CHUNK, 4096);
            return rt.spawn(() -> {
                try (AsyncFile f = write
                        ? AsyncFile.open(rt, p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                        : AsyncFile.open(rt, p, StandardOpenOption.READ)) {
                    long t0 = 0;
                    for (int pass = -1; pass < passes; pass++) { // pass -1 warms up, unmeasured
                        if (pass == 0) {
                            t0 = System.nanoTime();
                        }
                        for (long pos = 0; pos < size; pos += CHUNK) {
                            if (write) {
                                f.writeAll(buf, pos);
                            } else {
                                f.readFully(buf, pos);
                            }
                        }
                    }
                    return (System.nanoTime() - t0) / 1e9;
                }
            }).join();
        }
    }

    private static double fileChannel(Path p, long size, int passes, boolean write) throws Exception {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel ch = write
                ? FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                : FileChannel.open(p, StandardOpenOption.READ)) {
            long t0 = 0;
            for (int pass = -1; pass < passes; pass++) { // pass -1 warms up, unmeasured
                if (pass == 0) {
                    t0 = System.nanoTime();
                }
                for (long pos = 0; pos < size; pos += CHUNK) {
                    buf.clear();
                    while (buf.hasRemaining()) {
                        int n = write ? ch.write(buf, pos + buf.position()) : ch.read(buf, pos + buf.position());
                        if (n < 0) {
                            throw new java.io.EOFException(p.toString());
                        }
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
