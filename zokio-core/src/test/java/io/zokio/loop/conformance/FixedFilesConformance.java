package io.zokio.loop.conformance;

import static io.zokio.sys.OpenFlags.O_CREAT;
import static io.zokio.sys.OpenFlags.O_RDWR;
import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Registered files ({@link io.zokio.loop.EventLoop#registerFiles}, {@link Completion#fixedFile()}): operations name
 * an index into the loop's table instead of a descriptor (io_uring: {@code IOSQE_FIXED_FILE}; NIO and decorators:
 * the loop translates). The same results on every backend.
 */
interface FixedFilesConformance extends ConformanceContext {

    @Test
    default void operationsOnARegisteredFileNameItsIndex() throws IOException {
        Path path = dir().resolve("fixed-file.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        loop().registerFiles(new int[] {-1, fd});
        try {
            assertEquals(2, loop().registeredFiles());
            byte[] data = random(5000, 3);
            MemorySegment out = segment(data);
            assertEquals(5000, await(new Completion().prepWrite(1, out, 10).fixedFile()));
            assertEquals(0, await(new Completion().prepFsync(1, 0).fixedFile()));
            byte[] onDisk = Files.readAllBytes(path);
            assertArrayEquals(data, Arrays.copyOfRange(onDisk, 10, 5010));

            MemorySegment in = buffer(4000);
            assertEquals(4000, await(new Completion().prepRead(1, in, 1010).fixedFile()));
            assertArrayEquals(Arrays.copyOfRange(data, 1000, 5000), in.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment[] parts = {buffer(100), buffer(200)};
            assertEquals(300, await(new Completion().prepReadv(1, parts, 10).fixedFile()));
            assertArrayEquals(Arrays.copyOfRange(data, 0, 100), parts[0].toArray(ValueLayout.JAVA_BYTE));

            // a REARMed fixed-file op is resubmitted with its index, not a translated descriptor
            Completion again = new Completion().prepRead(1, buffer(10), 10).fixedFile();
            int[] runs = {0};
            submit(again, (l, c, r) -> {
                assertEquals(10, r);
                assertEquals(1, c.fd(), "the completion still names the index");
                return ++runs[0] < 3 ? io.zokio.loop.Action.REARM : io.zokio.loop.Action.DISARM;
            });
            runUntil(again);
            assertEquals(3, runs[0]);

            assertResult(-Errno.EBADF, await(new Completion().prepRead(0, buffer(10), 0).fixedFile()),
                    "an empty slot");
            assertResult(-Errno.EBADF, await(new Completion().prepRead(7, buffer(10), 0).fixedFile()),
                    "an index past the table");
            assertThrows(IllegalStateException.class, () -> loop().registerFiles(new int[] {fd}),
                    "a second table needs unregisterFiles first");
        } finally {
            loop().unregisterFiles();
        }
        assertEquals(0, loop().registeredFiles());
        assertResult(-Errno.EBADF, await(new Completion().prepRead(1, buffer(10), 0).fixedFile()),
                "no table after unregisterFiles");
    }

    @Test
    default void onlyOperationsOnAnOpenDescriptorTakeAnIndex() {
        Completion c = new Completion().prepOpenAt(OpenFlags.AT_FDCWD, "x", OpenFlags.O_RDONLY, 0);
        assertThrows(IllegalStateException.class, c::fixedFile);
        assertFalse(new Completion().prepNop().isFixedFile());
        Completion read = new Completion().prepRead(3, buffer(8), 0).fixedFile();
        assertTrue(read.isFixedFile());
        read.prepRead(3, buffer(8), 0);
        assertFalse(read.isFixedFile(), "a new prep clears the mark");
        assertThrows(IllegalArgumentException.class, () -> loop().registerFiles(new int[0]));
    }
}
