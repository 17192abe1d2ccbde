package io.zokio.loop.uring.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pipe2 with and without O_NONBLOCK, the capacity request, and sendfile into a pipe. */
class PipesTest {
    @TempDir
    Path dir;

    @Test
    void nonBlockingPipeWithALargerCapacity() throws Exception {
        Pipes pipes = new Pipes();
        int[] p = pipes.open(true, 1 << 17);
        try (Arena arena = Arena.ofConfined()) {
            assertTrue(pipes.capacity(p[1]) >= 1 << 17, "capacity " + pipes.capacity(p[1]));
            Native nat = new Native(arena);
            assertEquals(-Errno.EAGAIN, nat.read(p[0], arena.allocate(8)), "an empty non-blocking pipe");
        } finally {
            assertEquals(0, pipes.close(p[0]));
            assertEquals(0, pipes.close(p[1]));
        }
    }

    @Test
    void blockingPipeKeepsTheDefaultCapacityAndTakesSendfile() throws Exception {
        Pipes pipes = new Pipes();
        int[] p = pipes.open(false, 0);
        Path f = Files.write(dir.resolve("data"), "0123456789".getBytes());
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(65536, pipes.capacity(p[0]));
            Native nat = new Native(arena);
            int in = nat.open(arena.allocateFrom(f.toString()), io.zokio.sys.OpenFlags.O_RDONLY, 0);
            assertTrue(in >= 0);
            try {
                assertEquals(4, pipes.sendfile(p[1], in, 3, 4));
                MemorySegment buf = arena.allocate(8);
                assertEquals(4, nat.read(p[0], buf));
                assertEquals("3456", new String(buf.asSlice(0, 4).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
            } finally {
                nat.close(in);
            }
        } finally {
            assertEquals(0, pipes.close(p[0]));
            assertEquals(0, pipes.close(p[1]));
        }
    }
}
