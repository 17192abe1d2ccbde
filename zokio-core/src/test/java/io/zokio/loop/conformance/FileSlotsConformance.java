package io.zokio.loop.conformance;

import static io.zokio.sys.OpenFlags.O_CREAT;
import static io.zokio.sys.OpenFlags.O_RDWR;
import static io.zokio.loop.conformance.ConformanceSupport.ascii;
import static io.zokio.loop.conformance.ConformanceSupport.assertResult;
import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Registered-file slots ({@link io.zokio.loop.EventLoop#registerFileSlots}, {@link
 * io.zokio.loop.EventLoop#updateFileSlot}): a sparse table whose entries are filled and emptied one at a time,
 * which is what a runtime needs to register a hot file or a busy socket while others come and go. Same results
 * on every backend: an operation names a slot; an empty slot gives {@code -EBADF}; an operation already
 * submitted keeps its file after its slot is emptied.
 */
interface FileSlotsConformance extends ConformanceContext {

    /** Registers an empty table of {@code n} slots, or skips with the kernel's reason when it refuses. */
    private void slots(int n) {
        try {
            loop().registerFileSlots(n);
        } catch (ErrnoException e) {
            Assumptions.abort("the kernel refused a registered-file table on " + kind() + ": " + e.getMessage());
        }
    }

    @Test
    default void readWriteAndFsyncThroughOneSlot() throws IOException {
        Path path = dir().resolve("slot-file.bin");
        int fd = openFile(path, O_RDWR | O_CREAT, 0644);
        slots(8);
        try {
            assertEquals(8, loop().registeredFiles());
            loop().updateFileSlot(5, fd);
            byte[] data = random(6000, 11);
            assertEquals(6000, await(new Completion().prepWrite(fd, segment(data), 0).fixedFile(5)));
            assertEquals(0, await(new Completion().prepFsync(fd, 0).fixedFile(5)));
            assertArrayEquals(data, Files.readAllBytes(path));

            MemorySegment in = buffer(3000);
            assertEquals(3000, await(new Completion().prepRead(fd, in, 3000).fixedFile(5)));
            assertArrayEquals(Arrays.copyOfRange(data, 3000, 6000), in.toArray(ValueLayout.JAVA_BYTE));
            MemorySegment[] parts = {buffer(10), buffer(20)};
            assertEquals(30, await(new Completion().prepReadv(fd, parts, 100).fixedFile(5)));
            assertArrayEquals(Arrays.copyOfRange(data, 110, 130), parts[1].toArray(ValueLayout.JAVA_BYTE));
            MemorySegment[] outs = {segment(ascii("ab")), segment(ascii("cd"))};
            assertEquals(4, await(new Completion().prepWritev(fd, outs, 0).fixedFile(5)));
            assertEquals("abcd", new String(Files.readAllBytes(path), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));

            assertResult(-Errno.EBADF, await(new Completion().prepRead(fd, buffer(8), 0).fixedFile(4)),
                    "a slot never filled");
            loop().updateFileSlot(5, -1);
            assertResult(-Errno.EBADF, await(new Completion().prepRead(fd, buffer(8), 0).fixedFile(5)),
                    "a slot emptied again");
            assertEquals(8, await(new Completion().prepRead(fd, buffer(8), 0)), "emptying a slot does not close");
        } finally {
            loop().unregisterFiles();
        }
    }

    @Test
    default void aSlotCanBeRefilledWithAnotherFile() throws IOException {
        Path a = dir().resolve("slot-a.bin");
        Path b = dir().resolve("slot-b.bin");
        Files.write(a, ascii("aaaa"));
        Files.write(b, ascii("bbbb"));
        int fa = openFile(a, O_RDWR, 0);
        int fb = openFile(b, O_RDWR, 0);
        slots(2);
        try {
            MemorySegment in = buffer(4);
            loop().updateFileSlot(0, fa);
            assertEquals(4, await(new Completion().prepRead(fa, in, 0).fixedFile(0)));
            assertEquals('a', in.get(ValueLayout.JAVA_BYTE, 0));
            loop().updateFileSlot(0, fb); // replaces without emptying first
            assertEquals(4, await(new Completion().prepRead(fb, in, 0).fixedFile(0)));
            assertEquals('b', in.get(ValueLayout.JAVA_BYTE, 0));
        } finally {
            loop().unregisterFiles();
        }
    }

    @Test
    default void sendAndRecvThroughSlots() throws IOException {
        Conn c = connectPair();
        slots(4);
        try {
            loop().updateFileSlot(1, c.client());
            loop().updateFileSlot(2, c.server());
            byte[] data = random(50_000, 5);
            MemorySegment out = segment(data);
            MemorySegment in = buffer(data.length);
            long sent = 0;
            long got = 0;
            while (got < data.length) {
                Completion send = sent < data.length
                        ? submit(new Completion().prepSend(c.client(), out.asSlice(sent), 0).fixedFile(1)) : null;
                Completion recv = submit(new Completion().prepRecv(c.server(), in.asSlice(got), 0).fixedFile(2));
                if (send != null) {
                    runUntil(send, recv);
                    assertTrue(send.result() > 0, "send " + send.result());
                    sent += send.result();
                } else {
                    runUntil(recv);
                }
                assertTrue(recv.result() > 0, "recv " + recv.result());
                got += recv.result();
            }
            assertArrayEquals(data, in.toArray(ValueLayout.JAVA_BYTE));
        } finally {
            loop().unregisterFiles();
        }
    }

    @Test
    default void anOperationInFlightKeepsItsFileWhenTheSlotIsEmptied() throws IOException {
        Conn c = connectPair();
        slots(4);
        try {
            loop().updateFileSlot(3, c.server());
            MemorySegment in = buffer(16);
            Completion recv = submit(new Completion().prepRecv(c.server(), in, 0).fixedFile(3));
            spin(3); // the receive is in the backend, waiting for data
            assertTrue(recv.isActive());
            loop().updateFileSlot(3, -1);
            awaitOk(new Completion().prepSend(c.client(), segment(ascii("still")), 0));
            runUntil(recv);
            assertEquals(5, recv.result(), "the receive kept the socket it started on");
            assertEquals("still", new String(in.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE),
                    java.nio.charset.StandardCharsets.US_ASCII));
            assertResult(-Errno.EBADF, await(new Completion().prepRecv(c.server(), in, 0).fixedFile(3)),
                    "a new receive on the emptied slot");
        } finally {
            loop().unregisterFiles();
        }
    }

    @Test
    default void slotArgumentsAreChecked() throws IOException {
        assertThrows(IllegalStateException.class, () -> loop().updateFileSlot(0, -1), "no table yet");
        assertThrows(IllegalArgumentException.class, () -> loop().registerFileSlots(0));
        slots(2);
        try {
            assertThrows(IllegalStateException.class, () -> loop().registerFileSlots(2), "one table per loop");
            assertThrows(IllegalArgumentException.class, () -> loop().updateFileSlot(2, -1), "past the table");
            assertThrows(IllegalArgumentException.class, () -> loop().updateFileSlot(-1, -1));
            assertThrows(IllegalArgumentException.class, () -> loop().updateFileSlot(0, -2));
            assertThrows(IllegalStateException.class, () -> new Completion().prepNop().fixedFile(0));
            assertThrows(IllegalArgumentException.class, () -> new Completion().prepRead(3, buffer(1), 0).fixedFile(-1));
        } finally {
            loop().unregisterFiles();
        }
    }
}
