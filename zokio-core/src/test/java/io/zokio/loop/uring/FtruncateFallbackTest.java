package io.zokio.loop.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.sys.OpenFlags;
import io.zokio.loop.RunMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * FTRUNCATE on a ring without IORING_OP_FTRUNCATE (kernels before 6.9), forced here with
 * {@code -Dzokio.uring.noFtruncateOp=true} at backend creation: the syscall runs inline and its result is
 * delivered like any other, with the same errno values.
 */
@Timeout(30)
class FtruncateFallbackTest {
    @TempDir
    Path dir;

    @Test
    void ftruncateWithoutTheOpcodeRunsInline() throws Exception {
        Assumptions.assumeTrue(IoUringBackend.probe().available(), "io_uring refused by the kernel");
        String prev = System.setProperty("zokio.uring.noFtruncateOp", "true");
        EventLoop loop;
        try {
            loop = EventLoop.builder().backend(BackendKind.IO_URING).ringEntries(8).build();
        } finally {
            if (prev == null) {
                System.clearProperty("zokio.uring.noFtruncateOp");
            } else {
                System.setProperty("zokio.uring.noFtruncateOp", prev);
            }
        }
        try (loop) {
            assertFalse(((IoUringBackend) loop.backend()).hasFtruncateOp());
            Path p = dir.resolve("t.bin");
            Files.write(p, new byte[100]);
            int fd = run(loop, new Completion().prepOpenAt(OpenFlags.AT_FDCWD, p.toString(), OpenFlags.O_RDWR, 0));
            assertEquals(0, run(loop, new Completion().prepFtruncate(fd, 7)));
            assertEquals(7, Files.size(p));
            assertEquals(0, run(loop, new Completion().prepFtruncate(fd, 9000)));
            assertEquals(9000, Files.size(p));
            assertEquals(-Errno.EBADF, run(loop, new Completion().prepFtruncate(9999, 1)));
            assertEquals(0, run(loop, new Completion().prepClose(fd)));
        }
    }

    private static int run(EventLoop loop, Completion c) {
        int[] result = {Integer.MIN_VALUE};
        loop.submit(c.callback((l, cc, r) -> {
            result[0] = r;
            return Action.DISARM;
        }));
        loop.run(RunMode.UNTIL_DONE);
        return result[0];
    }
}
