package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.loop.BufferGroup;
import io.zokio.runtime.Runtime;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TcpStream.readEach when the handler throws, and with another worker's buffer group; on each backend. */
@Timeout(60)
class ReadEachFailuresTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aThrowingHandlerEndsTheReceiveWithItsExceptionAndGetsItsBufferBack(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            BufferGroup group = s.openBufferGroup(2, 1024);
            int[] seen = {-1, -1}; // loop thread only: the buffer id, then whether it is still held
            IllegalStateException boom = new IllegalStateException("handler failed");
            var done = s.readEach(group, (seg, id) -> {
                seen[0] = id;
                throw boom;
            });
            on(rt, () -> {
                c.writeAll(ByteBuffer.wrap(new byte[] {1}));
                return null;
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
            boolean held = rt.onLoop(s.worker(), lp -> group.isHeld(seen[0]));
            assertFalse(held, "the failed handler's buffer went back to the group");
            // the read side is free again
            on(rt, () -> {
                c.writeAll(ByteBuffer.wrap(new byte[] {2}));
                c.shutdownOutput();
                return null;
            });
            ByteBuffer b = ByteBuffer.allocate(1);
            assertEquals(1, (int) on(rt, () -> s.read(b)));
            assertEquals(2, b.get(0));
            s.closeBufferGroup(group);
            s.close();
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aBufferGroupOfAnotherWorkerIsRefused(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 2);
             TcpListener l0 = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults().worker(0));
             TcpListener l1 = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults().worker(1))) {
            try (TcpStream c0 = on(rt, () -> TcpStream.connect(rt, loopback(l0.port()), null));
                 TcpStream c1 = on(rt, () -> TcpStream.connect(rt, loopback(l1.port()), null));
                 TcpStream s0 = on(rt, () -> l0.accept());
                 TcpStream s1 = on(rt, () -> l1.accept())) {
                assertEquals(0, s0.worker());
                assertEquals(1, s1.worker());
                BufferGroup other = s1.openBufferGroup(2, 1024);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> s0.readEach(other, (seg, id) -> true));
                assertEquals("the buffer group belongs to another worker's loop: open it with this stream's "
                        + "openBufferGroup", e.getMessage());
                // nothing was claimed: s0 still reads
                c0.outputStream().write(9);
                assertEquals(9, s0.inputStream().read());
                s1.closeBufferGroup(other);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void theReadSideIsFreeWhenTheFailedReceiveCompletes(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            BufferGroup group = s.openBufferGroup(1, 1024);
            IllegalStateException boom = new IllegalStateException("after release");
            var first = s.readEach(group, (seg, id) -> {
                group.release(id); // released before throwing: not released a second time
                throw boom;
            });
            int[] got = {-1};
            // registered before the first receive ends: runs as it completes, on the loop thread
            var second = first.handle((v, e) -> s.readEach(group, (seg, id) -> {
                got[0] = seg.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
                group.release(id);
                return false;
            })).thenCompose(f -> f);
            on(rt, () -> {
                c.writeAll(ByteBuffer.wrap(new byte[] {1}));
                return null;
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
            on(rt, () -> {
                c.writeAll(ByteBuffer.wrap(new byte[] {2}));
                return null;
            });
            second.get(30, TimeUnit.SECONDS);
            assertEquals(2, (int) rt.<Integer>onLoop(s.worker(), lp -> got[0]),
                    "the group's only buffer was free for the next receive");
            s.closeBufferGroup(group);
            s.close();
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aResetByThePeerFailsTheReceiveWithTheErrno(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            BufferGroup group = s.openBufferGroup(2, 1024);
            var done = s.readEach(group, (seg, id) -> {
                group.release(id);
                return true;
            });
            c.setLinger(java.time.Duration.ZERO);
            c.close(); // an abortive close: the peer sees a reset
            ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS));
            assertEquals(io.zokio.sys.Errno.ECONNRESET, io.zokio.sys.ErrnoException.errnoOf(e.getCause()),
                    e.getCause().toString());
            s.closeBufferGroup(group);
            s.close();
        }
    }
}
