package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import io.zokio.testing.TestRuntimes;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Registered files for busy sockets ({@link TcpStream#register()}) on each backend: transfers checked by
 * checksum through registered streams, close while a receive is pending, more streams than the table holds.
 */
@Timeout(120)
class RegisteredStreamTest {

    private static Runtime open(BackendKind kind, int workers, int slots) {
        try {
            return TestRuntimes.customize(Runtime.builder().workers(workers).backend(kind).carrierMode(CarrierMode.SHARED))
                    .registeredFileSlots(slots).build();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    private static void assumeRegistered(Runtime rt, TcpStream s) {
        Assumptions.assumeTrue(s.isRegistered(), () -> "registered files refused here: "
                + rt.registeredFilesUnavailable());
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void largeTransferThroughRegisteredStreamsKeepsItsChecksum(BackendKind kind) throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(42).nextBytes(data);
        CRC32 want = new CRC32();
        want.update(data);
        try (Runtime rt = open(kind, 2, 16);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            Task<Long> server = rt.spawn(() -> {
                try (TcpStream s = l.accept()) {
                    s.register();
                    CRC32 got = new CRC32();
                    ByteBuffer b = ByteBuffer.allocateDirect(32 * 1024);
                    long total = 0;
                    int n;
                    while ((n = s.read(b)) > 0) {
                        b.flip();
                        got.update(b);
                        b.clear();
                        total += n;
                    }
                    ByteBuffer ack = ByteBuffer.allocate(8).putLong(0, got.getValue());
                    s.writeAll(ack); // a heap buffer: through the staging buffer, over the slot
                    return total;
                }
            });
            long crc = on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), Duration.ofSeconds(10))) {
                    assertTrue(c.register() || rt.registeredFilesUnavailable() != null);
                    assumeRegistered(rt, c);
                    c.writeAll(ByteBuffer.wrap(data));
                    c.shutdownOutput();
                    ByteBuffer ack = ByteBuffer.allocateDirect(8);
                    c.readFully(ack);
                    return ack.getLong(0);
                }
            });
            assertEquals(data.length, server.join());
            assertEquals(want.getValue(), crc);
            assertEquals(0, rt.registeredFiles(), "both closes unregistered");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void closeWhileAReceiveIsPendingUnregistersAndFailsIt(BackendKind kind) throws Exception {
        try (Runtime rt = open(kind, 2, 16);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            for (int round = 0; round < 10; round++) {
                Task<TcpStream> accepted = rt.spawn(() -> l.accept());
                TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), Duration.ofSeconds(10)));
                TcpStream s = accepted.join();
                try {
                    assertTrue(on(rt, c::register) || rt.registeredFilesUnavailable() != null);
                    assumeRegistered(rt, c);
                    assertTrue(on(rt, s::register));
                    // one byte each way through the slots, then a receive that waits (usually in the loop when the
                    // close comes; the close may also refuse it at the edge: both are a ClosedChannelException)
                    on(rt, () -> {
                        s.writeAll(ByteBuffer.wrap(new byte[] {7}));
                        ByteBuffer one = ByteBuffer.allocateDirect(1);
                        c.readFully(one);
                        return one.get(0);
                    });
                    Task<Integer> reader = rt.spawn(() -> c.read(ByteBuffer.allocateDirect(16)));
                    Thread.yield();
                    c.close(); // cancels the receive, waits for it, unregisters, then closes the descriptor
                    CompletionException e = assertThrows(CompletionException.class, reader::join);
                    assertTrue(e.getCause() instanceof ClosedChannelException, e.getCause().toString());
                    assertFalse(c.isRegistered());
                    assertEquals(1, rt.registeredFiles(), "the accepted side is still registered");
                    assertThrows(ClosedChannelException.class, () -> on(rt, c::register));
                    // the peer sees the close: the registered table did not keep the socket open
                    assertEquals(-1, (int) on(rt, () -> s.read(ByteBuffer.allocateDirect(4))));
                } finally {
                    s.close();
                    c.close();
                }
                assertEquals(0, rt.registeredFiles());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void moreStreamsThanSlotsFallBackToDescriptors(BackendKind kind) throws Exception {
        int slots = 3;
        int n = 8;
        try (Runtime rt = open(kind, 2, slots);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            Task<Void> echo = rt.spawn(() -> {
                List<Task<Void>> conns = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    TcpStream s = l.accept();
                    conns.add(rt.spawn(() -> {
                        try (s) {
                            ByteBuffer b = ByteBuffer.allocateDirect(64);
                            while (s.read(b) > 0) {
                                s.writeAll(b.flip());
                                b.clear();
                            }
                        }
                        return null;
                    }));
                }
                for (Task<Void> t : conns) {
                    t.join();
                }
                return null;
            });
            on(rt, () -> {
                List<TcpStream> cs = new ArrayList<>();
                try {
                    for (int i = 0; i < n; i++) {
                        TcpStream c = TcpStream.connect(rt, loopback(l.port()), Duration.ofSeconds(10));
                        cs.add(c);
                        c.register();
                    }
                    assumeRegistered(rt, cs.get(0));
                    assertEquals(slots, cs.stream().filter(TcpStream::isRegistered).count());
                    for (int round = 0; round < 3; round++) {
                        for (int i = 0; i < n; i++) {
                            String msg = "conn " + i + " round " + round;
                            cs.get(i).writeAll(ByteBuffer.wrap(msg.getBytes()));
                            ByteBuffer in = ByteBuffer.allocate(msg.length());
                            cs.get(i).readFully(in);
                            assertEquals(msg, new String(in.array()));
                        }
                    }
                } finally {
                    for (TcpStream c : cs) {
                        c.close();
                    }
                }
                return null;
            });
            echo.join();
            assertEquals(0, rt.registeredFiles());
        }
    }
}
