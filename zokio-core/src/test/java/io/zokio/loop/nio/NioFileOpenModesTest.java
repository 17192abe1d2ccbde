package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** open(2) semantics the NIO backend emulates over FileChannel: create for reading, directories, file position. */
@Timeout(20)
class NioFileOpenModesTest extends NioLoopFixture {
    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        open(2);
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    private int openAt(Path p, int flags, int mode) {
        return await(new Completion().prepOpenAt(OpenFlags.AT_FDCWD, p.toString(), flags, mode));
    }

    @Test
    void createWithReadOnlyAccessCreatesTheFile() throws Exception {
        Path p = dir.resolve("new");
        int fd = openAt(p, OpenFlags.O_CREAT | OpenFlags.O_RDONLY, 0600);
        assertTrue(fd >= 0, "openat " + fd);
        assertTrue(Files.exists(p), "open(2) creates even without write access");
        FileStat st = new FileStat();
        assertEquals(0, await(new Completion().prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, st)));
        assertEquals(0600, st.mode() & 0777);
        assertEquals(0, await(new Completion().prepClose(fd)));

        Files.writeString(p, "kept");
        int again = openAt(p, OpenFlags.O_CREAT | OpenFlags.O_RDONLY, 0600);
        assertTrue(again >= 0, "an existing file is opened as is");
        MemorySegment in = arena.allocate(8);
        assertEquals(4, await(new Completion().prepRead(again, in, 0)));
        assertEquals(-Errno.EEXIST, openAt(p, OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_RDONLY, 0600));
    }

    @Test
    void directoryForWritingIsEisdir() {
        assertEquals(-Errno.EISDIR, openAt(dir, OpenFlags.O_DIRECTORY | OpenFlags.O_RDWR, 0));
        int d = openAt(dir, OpenFlags.O_DIRECTORY, 0);
        assertTrue(d >= 0);
        assertEquals(-Errno.EISDIR, await(new Completion().prepReadFixed(d, arena.allocate(8), 0, 0)),
                "READ_FIXED on a directory");
        assertEquals(-Errno.EBADF, await(new Completion().prepWrite(d, bytes("x"), 0)),
                "as write(2): the directory is open for reading only");
    }

    @Test
    void vectoredIoAtTheCurrentPositionAdvancesIt() throws Exception {
        Path p = dir.resolve("v");
        int fd = openAt(p, OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644);
        assertEquals(6, await(new Completion().prepWritev(fd, new MemorySegment[] {bytes("abc"), bytes("def")},
                Completion.OFFSET_CURRENT)));
        assertEquals(3, await(new Completion().prepWritev(fd, new MemorySegment[] {bytes("ghi")},
                Completion.OFFSET_CURRENT)), "after the first write, not over it");
        assertEquals("abcdefghi", Files.readString(p));

        int r = openAt(p, OpenFlags.O_RDONLY, 0);
        MemorySegment a = arena.allocate(4);
        MemorySegment b = arena.allocate(2);
        assertEquals(6, await(new Completion().prepReadv(r, new MemorySegment[] {a, b}, Completion.OFFSET_CURRENT)));
        assertEquals("abcd", string(a, 4));
        assertEquals("ef", string(b, 2));
        assertEquals(3, await(new Completion().prepReadv(r, new MemorySegment[] {a}, Completion.OFFSET_CURRENT)));
        assertEquals("ghi", string(a, 3));
        assertEquals(0, await(new Completion().prepReadv(r, new MemorySegment[] {a}, Completion.OFFSET_CURRENT)),
                "end of file is 0 bytes");
    }
}
