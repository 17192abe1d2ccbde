package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.fs.AsyncFile;
import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import io.zokio.loop.uring.ffi.UringFeatures;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** registerFile and unregisterFile refuse what is not a descriptor or not an index this runtime handed out. */
@Timeout(30)
class RegisteredFileIndexArgumentsTest {
    @TempDir
    Path dir;

    private static Runtime runtime(BackendKind kind) {
        if (kind == BackendKind.IO_URING) {
            UringFeatures probe = IoUringBackend.probe();
            Assumptions.assumeTrue(probe.available(), () -> "io_uring refused by the kernel: " + probe.cause());
        }
        return Runtime.builder().workers(2).backend(kind).registeredFileSlots(4).build();
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void foreignDescriptorsAndIndicesAreRefused(BackendKind kind) throws Exception {
        try (Runtime rt = runtime(kind)) {
            assertThrows(IllegalArgumentException.class, () -> rt.registerFile(-1));
            assertThrows(IllegalArgumentException.class, () -> rt.unregisterFile(0), "nothing registered yet");
            Path p = dir.resolve("slot.bin");
            AsyncFile f = rt.blockOn(() -> AsyncFile.open(rt, p, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE));
            try {
                boolean registered = rt.blockOn(f::register);
                Assumptions.assumeTrue(registered, () -> "registered files refused here: "
                        + rt.registeredFilesUnavailable());
                assertEquals(1, rt.registeredFiles());
                IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                        () -> rt.unregisterFile(-1));
                assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
                assertThrows(IllegalArgumentException.class, () -> rt.unregisterFile(4), "beyond the table");
                assertThrows(IllegalArgumentException.class, () -> rt.unregisterFile(3), "an empty index");
                assertEquals(1, rt.registeredFiles(), "refusals leave the registration alone");
            } finally {
                rt.blockOn(() -> {
                    f.close();
                    return null;
                });
            }
            assertEquals(0, rt.registeredFiles());
        }
    }

    /** A descriptor that is not open: the kernel refuses the update, and the index goes back to the free ones. */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"IO_URING"})
    void aDescriptorTheKernelRefusesTakesNoIndex(BackendKind kind) throws Exception {
        runtime(kind).close(); // skips only where io_uring is refused
        try (Runtime rt = Runtime.builder().workers(2).backend(kind).registeredFileSlots(1).build()) {
            int notOpen = 1_000_000; // above any descriptor this process has open
            assertEquals(-1, rt.blockOn(() -> rt.registerFile(notOpen)), "EBADF from the table update");
            assertEquals(0, rt.registeredFiles());
            assertEquals(null, rt.registeredFilesUnavailable(), "one refused descriptor leaves the tables usable");
            Path p = dir.resolve("after-refusal.bin");
            AsyncFile f = rt.blockOn(() -> AsyncFile.open(rt, p, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE));
            try {
                assertTrue(rt.blockOn(f::register), "the table's only index is free again");
                assertEquals(1, rt.registeredFiles());
            } finally {
                rt.blockOn(() -> {
                    f.close();
                    return null;
                });
            }
        }
    }
}
