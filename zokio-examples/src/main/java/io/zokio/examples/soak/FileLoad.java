package io.zokio.examples.soak;

import io.zokio.buffer.PooledBuffer;
import io.zokio.fs.AsyncFile;
import io.zokio.fs.Files;
import io.zokio.runtime.Runtime;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * <b>Threading:</b> as {@link Load}; each block of the file belongs to one task, which alone writes, reads and
 * records it, so the checksums need no synchronization.
 *
 * <p>File traffic: {@link #TASKS} tasks write random 4 KiB blocks of a {@link #FILE_BYTES} file at random
 * offsets and read earlier ones back, comparing their CRC32 with the one recorded at the write, with an
 * fdatasync now and then; one more task churns small files (write, read back, rename, delete) through the
 * {@link Files} helpers. Block buffers come from the runtime's buffer pool.
 */
final class FileLoad extends Load {
    static final int TASKS = 4;
    static final long FILE_BYTES = 64L << 20;
    private static final int BLOCK = 4096;
    private final Path dir;
    private final long seed;
    private final long[] crcs = new long[(int) (FILE_BYTES / BLOCK)];
    private AsyncFile file;

    FileLoad(SoakErrors errors, Path dir, long seed) {
        super("files", errors);
        this.dir = dir;
        this.seed = seed;
        Arrays.fill(crcs, -1);
    }

    @Override
    void start(Runtime rt) throws Exception {
        file = rt.blockOn(() -> AsyncFile.open(dir.resolve("blocks.dat"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        rt.blockOn(() -> {
            file.truncate(FILE_BYTES);
            return null;
        });
        for (int t = 0; t < TASKS; t++) {
            blocks(rt, t);
        }
        churn(rt);
    }

    private void blocks(Runtime rt, int task) {
        SplittableRandom random = new SplittableRandom(seed + task);
        CRC32 crc = new CRC32();
        byte[] data = new byte[BLOCK];
        int[] round = new int[1];
        loop(rt, "block task " + task, () -> {
            int block = random.nextInt(crcs.length / TASKS) * TASKS + task; // one of this task's blocks
            PooledBuffer buf = rt.buffers().acquire(BLOCK);
            try {
                MemorySegment seg = buf.segment().asSlice(0, BLOCK);
                if (crcs[block] < 0 || random.nextBoolean()) {
                    random.nextBytes(data);
                    MemorySegment.copy(data, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, BLOCK);
                    file.writeAll(seg, (long) block * BLOCK);
                    crc.reset();
                    crc.update(data);
                    crcs[block] = crc.getValue();
                } else {
                    file.readFully(seg, (long) block * BLOCK);
                    crc.reset();
                    crc.update(seg.asByteBuffer());
                    if (crc.getValue() != crcs[block]) {
                        errors.record(name, "block " + block + " read back with another checksum");
                    }
                }
            } finally {
                buf.release();
            }
            if (++round[0] % 1000 == 0) {
                file.fdatasync();
            }
            progress(1);
        });
    }

    private void churn(Runtime rt) {
        SplittableRandom random = new SplittableRandom(seed - 1);
        Path a = dir.resolve("churn-a");
        Path b = dir.resolve("churn-b");
        loop(rt, "file churn", () -> {
            byte[] data = new byte[1 + random.nextInt(64 * 1024)];
            random.nextBytes(data);
            Files.write(a, data);
            Files.rename(a, b, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            if (!Arrays.equals(Files.readAllBytes(b), data)) {
                errors.record(name, "a small file read back differently");
            }
            Files.delete(b);
            progress(1);
        });
    }

    @Override
    void close() throws Exception {
        if (file != null) {
            file.close();
        }
    }
}
