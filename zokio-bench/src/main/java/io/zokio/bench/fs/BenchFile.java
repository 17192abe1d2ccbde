package io.zokio.bench.fs;

import io.zokio.bench.Scale;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * <b>Threading:</b> one owner (the bench's main thread); the file itself is read by many threads.
 *
 * <p>A data file of random bytes for the file benches, written once and read through once so that it sits in
 * the page cache (the benches measure the I/O path, not the disk). Deleted by {@link #close()}.
 */
final class BenchFile implements AutoCloseable {
    static final int PAGE = 4096;

    final Path path;
    final long sizeBytes;

    private BenchFile(Path path, long sizeBytes) {
        this.path = path;
        this.sizeBytes = sizeBytes;
    }

    /** 1 GiB in full runs, 128 MiB with --quick, 8 MiB with --tiny. */
    static long sizeFor(Scale scale) {
        return switch (scale) {
            case FULL -> 1L << 30;
            case QUICK -> 128L << 20;
            case TINY -> 8L << 20;
        };
    }

    static BenchFile create(String name, long sizeBytes) throws IOException {
        Path dir = Path.of(System.getProperty("zokio.bench.dir", System.getProperty("java.io.tmpdir")));
        Path p = Files.createTempFile(dir, "zokio-" + name + "-", ".bin");
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        byte[] random = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(random);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            for (long done = 0; done < sizeBytes; ) {
                chunk.clear().put(random).flip().limit((int) Math.min(chunk.capacity(), sizeBytes - done));
                done += ch.write(chunk, done);
            }
        }
        BenchFile f = new BenchFile(p, sizeBytes);
        f.warm();
        return f;
    }

    /** Reads the file once so that it is in the page cache. */
    void warm() throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long pos = 0;
            int n;
            while ((n = ch.read(b.clear(), pos)) > 0) {
                pos += n;
            }
        }
    }

    /** A page-aligned offset for one 4 KiB read. */
    long randomPage(SplittableRandom rnd) {
        return rnd.nextLong(sizeBytes / PAGE) * PAGE;
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }
}
