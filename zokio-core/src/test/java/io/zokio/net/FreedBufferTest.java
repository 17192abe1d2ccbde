package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A buffer the kernel must not touch (its arena already closed, or read-only for a read) is refused with an
 * {@link IllegalArgumentException} before anything is submitted, by every read and write of a stream; the stream
 * stays usable afterwards. On each backend.
 */
@Timeout(60)
class FreedBufferTest {
    /** A direct buffer and a segment of {@code size} bytes whose arena is closed. */
    private record Freed(ByteBuffer buffer, MemorySegment segment) {
        static Freed of(int size) {
            Arena arena = Arena.ofShared();
            MemorySegment seg = arena.allocate(size);
            ByteBuffer buf = seg.asByteBuffer();
            arena.close();
            return new Freed(buf, seg);
        }
    }

    private interface PairBody {
        void run(TcpStream c, TcpStream s) throws Exception;
    }

    private static void withPair(BackendKind kind, PairBody body) throws Exception {
        // one worker with loop-affine carriers: the test's task runs on the loop's own thread, where a backend
        // that offers inline socket calls tries them first (the run with -Dzokio.uring.inlineCalls=true)
        try (Runtime rt = NetTestSupport.open(kind, 1, CarrierMode.AFFINE);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            on(rt, () -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), Duration.ofSeconds(10));
                     TcpStream s = l.accept(Duration.ofSeconds(10))) {
                    body.run(c, s);
                }
                return null;
            });
        }
    }

    private static void refused(String what, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, what);
        assertTrue(e.getMessage().contains("closed") || e.getMessage().contains("read-only"),
                what + ": " + e.getMessage());
    }

    /** One byte each way through the pair: the refused calls left both sides usable. */
    private static void stillUsable(TcpStream c, TcpStream s, int value) throws Exception {
        c.writeAll(ByteBuffer.wrap(new byte[] {(byte) value}));
        ByteBuffer in = ByteBuffer.allocate(1);
        s.readFully(in);
        assertEquals((byte) value, in.get(0));
        s.writeAll(ByteBuffer.wrap(new byte[] {(byte) (value + 1)}));
        ByteBuffer back = ByteBuffer.allocate(1);
        c.readFully(back);
        assertEquals((byte) (value + 1), back.get(0));
    }

    /**
     * With a byte waiting and {@code c}'s last read having filled its buffer (so that a receive on the caller's
     * thread is tried first, where the backend offers one), {@code call} is refused and the byte is still there.
     */
    private static void refusedWithAByteWaiting(TcpStream c, TcpStream s, int value, String what, Executable call)
            throws Exception {
        s.writeAll(ByteBuffer.wrap(new byte[] {(byte) value}));
        refused(what, call);
        ByteBuffer in = ByteBuffer.allocate(1);
        c.readFully(in);
        assertEquals((byte) value, in.get(0), what + ": the waiting byte was not consumed");
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void readsIntoAFreedOrReadOnlyBufferAreRefusedAndTheStreamStaysUsable(BackendKind kind) throws Exception {
        withPair(kind, (c, s) -> {
            Freed f = Freed.of(64);
            stillUsable(c, s, 1);
            refusedWithAByteWaiting(c, s, 2, "read(ByteBuffer)", () -> c.read(f.buffer()));
            refusedWithAByteWaiting(c, s, 3, "readAsync", () -> c.readAsync(f.buffer(), null));
            refusedWithAByteWaiting(c, s, 4, "read(ByteBuffer[])", () -> c.read(new ByteBuffer[] {f.buffer()}));
            refusedWithAByteWaiting(c, s, 5, "read(MemorySegment)", () -> c.read(f.segment(), null));
            try (Arena arena = Arena.ofShared()) {
                MemorySegment readOnly = arena.allocate(64).asReadOnly();
                refusedWithAByteWaiting(c, s, 6, "read into a read-only segment", () -> c.read(readOnly, null));
            }
            stillUsable(c, s, 7);
        });
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void writesFromAFreedBufferAreRefusedAndTheStreamStaysUsable(BackendKind kind) throws Exception {
        withPair(kind, (c, s) -> {
            Freed f = Freed.of(64);
            refused("write(ByteBuffer)", () -> c.write(f.buffer()));
            stillUsable(c, s, 11);
            refused("writeAsync", () -> c.writeAsync(f.buffer(), null));
            stillUsable(c, s, 13);
            refused("write(ByteBuffer[])", () -> c.write(new ByteBuffer[] {f.buffer()}));
            stillUsable(c, s, 15);
            refused("write(MemorySegment)", () -> c.write(f.segment(), null));
            stillUsable(c, s, 17);
            refused("sendZeroCopy", () -> c.sendZeroCopy(f.segment(), null));
            stillUsable(c, s, 19);
            refused("tryWrite", () -> c.tryWrite(f.buffer()));
            stillUsable(c, s, 21);
        });
    }
}
