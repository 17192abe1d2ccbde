package io.zokio.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The errno-to-exception table of the file API, and what the descriptor-exhaustion errnos say. */
class FsErrorsTest {
    static final Path P = Path.of("/data/log");

    private static <T extends FileSystemException> T typed(Class<T> type, int errno) {
        IOException e = FsErrors.of("openat", -errno, P);
        T t = assertInstanceOf(type, e);
        assertEquals(P.toString(), t.getFile());
        ErrnoException cause = assertInstanceOf(ErrnoException.class, t.getCause());
        assertEquals(errno, cause.errno());
        assertEquals("openat", cause.syscall());
        return t;
    }

    @Test
    void errnosWithAJavaNioFileTypeBecomeThatType() {
        assertEquals("openat failed: ENOENT", typed(NoSuchFileException.class, Errno.ENOENT).getReason());
        assertEquals("openat failed: EEXIST", typed(FileAlreadyExistsException.class, Errno.EEXIST).getReason());
        assertEquals("openat failed: EACCES", typed(AccessDeniedException.class, Errno.EACCES).getReason());
        assertEquals("openat failed: EPERM", typed(AccessDeniedException.class, Errno.EPERM).getReason());
        typed(NotDirectoryException.class, Errno.ENOTDIR);
        typed(DirectoryNotEmptyException.class, 39);
    }

    @Test
    void otherErrnosStayErrnoExceptionsNamingSyscallAndPath() {
        IOException e = FsErrors.of("pread", -Errno.EIO, P);
        ErrnoException x = assertInstanceOf(ErrnoException.class, e);
        assertEquals("pread failed: EIO (errno 5): /data/log", x.getMessage());
        assertEquals(Errno.EIO, x.errno());
    }

    @Test
    void descriptorExhaustionNamesTheLimitThatWasHit() {
        IOException process = FsErrors.of("openat", -Errno.EMFILE, P);
        assertEquals("openat failed: EMFILE (errno 24): /data/log: too many open files in this process "
                + "(RLIMIT_NOFILE, ulimit -n)", process.getMessage());
        IOException system = FsErrors.of("openat", -Errno.ENFILE, P);
        assertEquals("openat failed: ENFILE (errno 23): /data/log: the system-wide open file table is full "
                + "(fs.file-max)", system.getMessage());
    }

    @Test
    void aCancelAfterTheCallersInterruptIsAnInterruptedIoException() {
        Thread.currentThread().interrupt();
        IOException e;
        try {
            e = FsErrors.of("pread", -Errno.ECANCELED, P);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt status is left as it was");
        }
        InterruptedIOException ie = assertInstanceOf(InterruptedIOException.class, e);
        assertEquals("pread of /data/log interrupted", ie.getMessage());
        assertEquals(0, ie.bytesTransferred);

        IOException notInterrupted = FsErrors.of("pread", -Errno.ECANCELED, P);
        assertEquals(Errno.ECANCELED, assertInstanceOf(ErrnoException.class, notInterrupted).errno());
    }

    @Test
    void checkPassesResultsAndThrowsTheMappedException() throws IOException {
        assertEquals(7, FsErrors.check("pwrite", 7, P));
        assertEquals(0, FsErrors.check("close", 0, P));
        assertThrows(NoSuchFileException.class, () -> FsErrors.check("openat", -Errno.ENOENT, P));
        ErrnoException kept = new ErrnoException("copy_file_range", Errno.EIO);
        assertSame(kept, FsErrors.typed(kept, P), "no type for EIO: the cause itself");
    }
}
