package io.zokio.loop.uring.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A {@link Native} whose arena is closed refuses every call before it reaches the kernel: the scoped errno
 * buffer is checked on entry, so no syscall runs (a late close cannot hit a reused descriptor number).
 */
class NativeAfterCloseTest {
    @Test
    void everyDowncallThrowsAndTouchesNoDescriptor() throws Exception {
        try (Arena live = Arena.ofConfined()) {
            Native ok = new Native(live);
            MemorySegment fds = live.allocate(8, 4);
            assertEquals(0, ok.pipe2(fds, IoUringConstants.O_CLOEXEC));
            int readEnd = fds.get(ValueLayout.JAVA_INT, 0);
            int writeEnd = fds.get(ValueLayout.JAVA_INT, 4);
            MemorySegment buf = live.allocate(16, 8);
            MemorySegment len = live.allocate(4, 4);

            Arena dead = Arena.ofConfined();
            Native closed = new Native(dead);
            dead.close();
            List<Executable> calls = List.of(
                    () -> closed.close(readEnd),
                    () -> closed.read(readEnd, buf),
                    () -> closed.fcntl(writeEnd, IoUringConstants.F_GETPIPE_SZ, 0),
                    () -> closed.pipe2(fds, 0),
                    () -> closed.eventfd(0, 0),
                    () -> closed.socket(IoUringConstants.AF_INET, IoUringConstants.SOCK_STREAM, 0),
                    () -> closed.bind(writeEnd, buf, 16),
                    () -> closed.listen(writeEnd, 1),
                    () -> closed.send(writeEnd, buf, 1, 0),
                    () -> closed.recv(readEnd, buf, 1, 0),
                    () -> closed.setsockopt(writeEnd, 1, 2, buf, 4),
                    () -> closed.getsockopt(writeEnd, 1, 2, buf, len),
                    () -> closed.getsockname(writeEnd, buf, len),
                    () -> closed.getpeername(writeEnd, buf, len),
                    () -> closed.ftruncate(writeEnd, 0),
                    () -> closed.open(buf, 0, 0),
                    () -> closed.sendfile(writeEnd, readEnd, buf, 1),
                    () -> closed.copyFileRange(readEnd, writeEnd, 1),
                    () -> closed.ioUringSetup(2, buf),
                    () -> closed.ioUringEnter(writeEnd, 0, 0, 0, 0, 0, false),
                    () -> closed.ioUringEnter(writeEnd, 0, 1, 0, 0, 0, true),
                    () -> closed.ioUringRegister(writeEnd, 0, buf, 0),
                    () -> closed.munmap(buf),
                    () -> closed.mmapShared(writeEnd, 4096, 0, new int[1]));
            for (Executable call : calls) {
                assertThrows(IllegalStateException.class, call);
            }
            if (Native.hasPreadv2()) {
                assertThrows(IllegalStateException.class, () -> closed.preadv2(readEnd, buf, 0, 0));
            }

            // both pipe ends are still open
            assertTrue(ok.fcntl(readEnd, IoUringConstants.F_GETPIPE_SZ, 0) > 0);
            assertTrue(ok.fcntl(writeEnd, IoUringConstants.F_GETPIPE_SZ, 0) > 0);
            assertEquals(0, ok.close(readEnd));
            assertEquals(0, ok.close(writeEnd));
            assertEquals(-Errno.EBADF, ok.close(-1), "errno comes back negated");
        }
    }

    @Test
    void failedMmapReportsTheErrnoInsteadOfASegment() throws Exception {
        try (Arena arena = Arena.ofConfined(); EventFd efd = new EventFd()) {
            Native nat = new Native(arena);
            int[] err = new int[1];
            assertNull(nat.mmapShared(efd.fd(), 4096, 0, err), "an eventfd cannot be mapped");
            assertEquals(-19, err[0], "ENODEV: the file has no mmap");
        }
    }
}
