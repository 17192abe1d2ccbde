package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.ascii;
import static io.zokio.sys.OpenFlags.O_CREAT;
import static io.zokio.sys.OpenFlags.O_RDONLY;
import static io.zokio.sys.OpenFlags.O_RDWR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.Completion;
import io.zokio.loop.FsyncFlags;
import io.zokio.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Part of {@link BackendConformanceTest}: linked chains ({@code EventLoop.submitLinked}). Natively linked on
 * io_uring, run one member after the other by the loop elsewhere; the results must be the same: a chain runs in
 * order, and a failure or a short transfer ends the rest with {@code -ECANCELED}.
 */
interface LinkConformance extends ConformanceContext {

    @Test
    default void writeLinkedToFdatasyncRunsBoth() throws IOException {
        Path path = dir().resolve("link.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        Completion write = new Completion().prepWrite(fd, segment(ascii("abc")), 0);
        Completion sync = new Completion().prepFsync(fd, FsyncFlags.FSYNC_DATASYNC);
        Completion nop = new Completion().prepNop();
        rec().submitLinked(loop(), write, sync, nop);
        runUntil(write, sync, nop);
        rec().assertOnce(write, 3);
        rec().assertOnce(sync, 0);
        rec().assertOnce(nop, 0);
        assertArrayEquals(ascii("abc"), Files.readAllBytes(path));
    }

    @Test
    default void aFailedMemberCancelsTheRest() throws IOException {
        Path path = dir().resolve("ro.bin");
        Files.write(path, ascii("xyz"));
        int fd = openFile(path, O_RDONLY, 0);
        Completion write = new Completion().prepWrite(fd, segment(ascii("abc")), 0);
        Completion sync = new Completion().prepFsync(fd, FsyncFlags.FSYNC_DATASYNC);
        Completion nop = new Completion().prepNop();
        rec().submitLinked(loop(), write, sync, nop);
        runUntil(write, sync, nop);
        rec().assertOnce(write, -Errno.EBADF);
        rec().assertOnce(sync, -Errno.ECANCELED);
        rec().assertOnce(nop, -Errno.ECANCELED);
        assertArrayEquals(ascii("xyz"), Files.readAllBytes(path));
    }

    @Test
    default void aShortReadBreaksTheChain() throws IOException {
        Path path = dir().resolve("short.bin");
        Files.write(path, ascii("xyz"));
        int fd = openFile(path, O_RDONLY, 0);
        Completion read = new Completion().prepRead(fd, buffer(8), 0);
        Completion nop = new Completion().prepNop();
        rec().submitLinked(loop(), read, nop);
        runUntil(read, nop);
        rec().assertOnce(read, 3);
        rec().assertOnce(nop, -Errno.ECANCELED);
    }

    @Test
    default void anOpThatCannotBeLinkedIsRefusedBeforeAnythingStarts() {
        Completion nop = new Completion().prepNop().callback((l, c, r) -> io.zokio.loop.Action.DISARM);
        Completion timer = new Completion().prepTimeout(1_000).callback((l, c, r) -> io.zokio.loop.Action.DISARM);
        assertThrows(IllegalArgumentException.class, () -> loop().submitLinked(nop, timer));
        assertFalse(nop.isActive());
        assertEquals(0, loop().active());
    }
}
