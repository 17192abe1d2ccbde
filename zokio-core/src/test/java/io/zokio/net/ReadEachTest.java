package io.zokio.net;

import static io.zokio.net.NetTestSupport.ANY_LOOPBACK;
import static io.zokio.net.NetTestSupport.loopback;
import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.BufferGroup;
import io.zokio.loop.EventLoop;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TcpStream.readEach: multishot receive into a buffer group, with back-pressure, end and close; each backend. */
@Timeout(60)
class ReadEachTest {

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void receivesEverythingUnderBackPressureThenEndsAtEndOfStream(BackendKind kind) throws Exception {
        byte[] data = new byte[2 * 1024 * 1024];
        new Random(5).nextBytes(data);
        CRC32 want = new CRC32();
        want.update(data);
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            Task<Void> sender = rt.spawn(() -> {
                try (TcpStream c = TcpStream.connect(rt, loopback(l.port()), null)) {
                    c.writeAll(ByteBuffer.wrap(data));
                    c.shutdownOutput();
                    c.read(ByteBuffer.allocate(1)); // wait for the receiver's close
                }
                return null;
            });
            TcpStream s = on(rt, () -> l.accept());
            EventLoop loop = rt.onLoop(s.worker(), lp -> lp);
            BufferGroup group = s.openBufferGroup(4, 4096);
            CRC32 got = new CRC32();
            long[] total = {0};
            List<Integer> held = new ArrayList<>(); // loop thread only
            var done = s.readEach(group, (seg, id) -> {
                got.update(seg.asByteBuffer());
                total[0] += seg.byteSize();
                held.add(id);
                if (held.size() == 4) {
                    // hold every buffer until a later loop turn: the receive must wait, not fail
                    List<Integer> batch = new ArrayList<>(held);
                    held.clear();
                    loop.execute(() -> batch.forEach(group::release));
                }
                return true;
            });
            assertThrows(IllegalStateException.class, () -> on(rt, () -> s.read(ByteBuffer.allocate(1))),
                    "the read side is claimed while readEach runs");
            done.get(30, TimeUnit.SECONDS);
            rt.onLoop(s.worker(), lp -> {
                held.forEach(group::release);
                return null;
            });
            assertEquals((long) data.length, (long) rt.<Long>onLoop(s.worker(), lp -> total[0]));
            assertEquals(want.getValue(), (long) rt.<Long>onLoop(s.worker(), lp -> got.getValue()));
            // the read side is free again: a plain read sees the end of stream
            assertEquals(-1, (int) on(rt, () -> s.read(ByteBuffer.allocate(1))));
            s.closeBufferGroup(group);
            s.close();
            sender.join();
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void stopsWhenTheHandlerSaysSoAndFailsOnClose(BackendKind kind) throws Exception {
        try (Runtime rt = NetTestSupport.open(kind, 1);
             TcpListener l = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults())) {
            TcpStream c = on(rt, () -> TcpStream.connect(rt, loopback(l.port()), null));
            TcpStream s = on(rt, () -> l.accept());
            BufferGroup group = s.openBufferGroup(2, 1024);
            int[] first = {-1};
            var stopped = s.readEach(group, (seg, id) -> {
                first[0] = seg.get(ValueLayout.JAVA_BYTE, 0);
                group.release(id);
                return false;
            });
            on(rt, () -> {
                c.writeAll(ByteBuffer.wrap(new byte[] {42}));
                return null;
            });
            stopped.get(30, TimeUnit.SECONDS);
            assertEquals(42, (int) rt.<Integer>onLoop(s.worker(), lp -> first[0]));
            var pending = s.readEach(group, (seg, id) -> {
                group.release(id);
                return true;
            });
            s.close();
            var e = assertThrows(ExecutionException.class, () -> pending.get(30, TimeUnit.SECONDS));
            assertInstanceOf(AsynchronousCloseException.class, e.getCause());
            s.closeBufferGroup(group);
            assertTrue(group.isClosed());
            c.close();
        }
    }
}
