package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Completion;
import io.zokio.sys.OpenFlags;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Multishot accept, sendFile and sendZeroCopy through TcpListener/TcpStream, on each backend. */
@Timeout(60)
class ZeroCopyAndMultishotTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void acceptEachHandsEveryConnectionOverAndEndsOnClose(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2)) {
            TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
            LinkedBlockingQueue<TcpStream> accepted = new LinkedBlockingQueue<>();
            var done = l.acceptEach(accepted::add);
            List<TcpStream> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                clients.add(on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null)));
            }
            for (int i = 0; i < 20; i++) {
                TcpStream s = accepted.poll(30, TimeUnit.SECONDS);
                assertEquals(l.worker(), s.worker(), "accepted streams live on the listener's worker");
                on(rt, () -> {
                    s.writeAll(ByteBuffer.wrap(new byte[] {7}));
                    s.close();
                    return null;
                });
            }
            for (TcpStream c : clients) {
                ByteBuffer b = ByteBuffer.allocate(1);
                assertEquals(1, on(rt, () -> c.read(b)));
                c.close();
            }
            l.close();
            done.get(30, TimeUnit.SECONDS); // ends normally once the listener is closed
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void sendFileAndSendZeroCopyDeliverExactBytes(BackendKind kind) throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 123];
        new Random(11).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            Task<Void> sender = rt.spawn(() -> {
                try (TcpStream s = l.accept(); Arena arena = Arena.ofShared()) {
                    Completion c = new Completion().prepOpenAt(OpenFlags.AT_FDCWD, file.toString(), OpenFlags.O_RDONLY, 0);
                    int fd = rt.submitAndAwait(s.worker(), c);
                    try {
                        s.sendFile(fd, 0, data.length, null);
                        s.sendFile(fd, 100, 1000, null); // a range, again
                        assertThrows(EOFException.class, () -> s.sendFile(fd, data.length - 10, 20, null));
                    } finally {
                        rt.submitAndAwait(s.worker(), new Completion().prepClose(fd));
                    }
                    MemorySegment seg = arena.allocate(256 * 1024);
                    MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, 0, (int) seg.byteSize());
                    long off = 0;
                    while (off < seg.byteSize()) {
                        off += s.sendZeroCopy(seg.asSlice(off), null);
                    }
                    s.shutdownOutput();
                }
                return null;
            });
            long expected = data.length + 1000 + 10 + 256 * 1024;
            byte[] got = on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null)) {
                    return c.inputStream().readAllBytes();
                }
            });
            sender.join();
            assertEquals(expected, got.length);
            CRC32 want = new CRC32();
            want.update(data);
            want.update(data, 100, 1000);
            want.update(data, data.length - 10, 10);
            want.update(data, 0, 256 * 1024);
            CRC32 have = new CRC32();
            have.update(got);
            assertEquals(want.getValue(), have.getValue());
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, 1100),
                    java.util.Arrays.copyOfRange(got, data.length, data.length + 1000));
        }
    }
}
