package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zokio.loop.Completion;
import io.zokio.loop.RunMode;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a file descriptor while one of its reads waits on the file pool: the descriptor is gone at once, the
 * read keeps its result, and the channel closes only once the read is done. A FIFO opened read-write holds the
 * read until the test writes a byte; afterwards the FIFO has no reader left, so a write to it fails (EPIPE).
 */
@Timeout(20)
class NioFileDeferredCloseTest extends NioLoopFixture {
    @TempDir
    Path dir;
    private Path fifo;

    @BeforeEach
    void setUp() throws Exception {
        open(1);
        fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor() == 0, "mkfifo unavailable");
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    private int openFifo() {
        int fd = await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, fifo.toString(), OpenFlags.O_RDWR, 0));
        assertTrue(fd >= 0, "openat: " + fd);
        return fd;
    }

    private static void assertNoReaderLeft(OutputStream w) {
        assertThrows(IOException.class, () -> {
            w.write(2);
            w.flush();
        });
    }

    @Test
    void closeNowWaitsForTheRunningReadThenClosesTheChannel() throws Exception {
        int fd = openFifo();
        MemorySegment in = arena.allocate(4);
        Recorder read = submit(new Completion().prepRead(fd, in, Completion.OFFSET_CURRENT));
        loop.run(RunMode.NO_WAIT);
        loop.sockets().closeNow(fd);
        Recorder later = submit(new Completion().prepFsync(fd, 0));
        runUntil(later::done);
        assertEquals(-Errno.EBADF, later.result, "the descriptor is gone at once");
        assertFalse(read.done());

        try (OutputStream w = Files.newOutputStream(fifo)) { // the loop's descriptor is still a reader
            w.write(7);
            w.flush();
            runUntil(read::done);
            assertEquals(1, read.result, "the read keeps its result");
            assertEquals(7, in.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            assertNoReaderLeft(w);
        }
        assertEquals(1, read.calls);
        assertEquals(0, loop.backend().inFlight());
    }

    @Test
    void aCloseThatWaitsForAReadIsFinishedByTheLoopClose() throws Exception {
        int fd = openFifo();
        Recorder read = submit(new Completion().prepRead(fd, arena.allocate(4), Completion.OFFSET_CURRENT));
        loop.run(RunMode.NO_WAIT);
        Recorder close = submit(new Completion().prepClose(fd));
        loop.run(RunMode.NO_WAIT);
        assertFalse(close.done(), "the close waits for the read");
        try (OutputStream w = Files.newOutputStream(fifo)) {
            w.write(7);
            w.flush();
            loop.close();
            loop = null;
            // the pool either ran the read (its byte) or had not started it at the close (cancelled)
            assertTrue(read.result == 1 || read.result == -Errno.ECANCELED, "read: " + read.result);
            assertEquals(1, read.calls);
            assertEquals(0, close.result);
            assertEquals(1, close.calls);
            assertNoReaderLeft(w);
        }
    }

    @Test
    void aCloseSubmittedAfterAReadRunsOnceTheReadIsDone() throws Exception {
        int fd = openFifo();
        Recorder read = submit(new Completion().prepRead(fd, arena.allocate(4), Completion.OFFSET_CURRENT));
        loop.run(RunMode.NO_WAIT);
        Recorder close = submit(new Completion().prepClose(fd));
        loop.run(RunMode.NO_WAIT);
        try (OutputStream w = Files.newOutputStream(fifo)) {
            w.write(7);
            w.flush();
            runUntil(close::done);
            assertEquals(1, read.result);
            assertEquals(0, close.result);
            assertNoReaderLeft(w);
        }
        assertEquals(1, read.calls);
        assertEquals(1, close.calls);
    }

    @Test
    void aCloseNowThatWaitsForAReadIsCompletedByTheLoopClose() throws Exception {
        int fd = openFifo();
        Recorder read = submit(new Completion().prepRead(fd, arena.allocate(4), Completion.OFFSET_CURRENT));
        loop.run(RunMode.NO_WAIT);
        loop.sockets().closeNow(fd);
        try (OutputStream w = Files.newOutputStream(fifo)) {
            w.write(7);
            w.flush();
            loop.close();
            loop = null;
            assertTrue(read.result == 1 || read.result == -Errno.ECANCELED, "read: " + read.result);
            assertEquals(1, read.calls);
            assertNoReaderLeft(w);
        }
    }
}
