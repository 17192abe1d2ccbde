package io.zokio.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.buffer.PooledBuffer;
import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.CarrierMode;
import io.zokio.testing.ExpectIoUring;
import io.zokio.testkit.fault.FaultConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The harness's checks are not vacuous: a buffer named by a read still in flight is reported (with the seed),
 * an operation the ledger saw start and never end fails the run, and a pooled buffer still held at the end is
 * reported as a leak.
 */
@ExtendWith(ExpectIoUring.class)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultHarnessSelfTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void checksCatchABufferInFlightAnOpenOperationAndALeak(BackendKind kind) throws Exception {
        FaultConfig config = FaultConfig.resultPreserving(0x5E1F);
        try (FaultHarness h = FaultHarness.open(kind, config, 2, CarrierMode.SHARED)) {
            h.countInFigures = false;
            TcpListener l = h.join(h.rt.spawn(() -> TcpListener.bind(h.rt, LOOPBACK, TcpListener.Options.defaults())),
                    "bind");
            CompletableFuture<TcpStream> accepted = l.acceptAsync(Duration.ofSeconds(20));
            TcpStream c = h.join(h.rt.spawn(() -> TcpStream.connect(h.rt, l.localAddress(), Duration.ofSeconds(20))),
                    "connect");
            TcpStream s = accepted.get(20, TimeUnit.SECONDS);
            PooledBuffer buf = h.rt.buffers().acquire(64);
            ByteBuffer bb = buf.byteBuffer().limit(64);
            long id = h.ledger.start("a read nobody answers");
            CompletableFuture<Integer> read = c.readAsync(bb, Duration.ofSeconds(20));
            // the read is in flight once the decorator names it; ask until it does (bounded by the @Timeout)
            AssertionError inFlight = null;
            while (inFlight == null) {
                inFlight = h.join(h.rt.spawn(() -> {
                    try {
                        h.checkReleasable(buf.segment(), "probe");
                        return null;
                    } catch (AssertionError e) {
                        return e;
                    }
                }), "probe");
            }
            assertTrue(inFlight.getMessage().startsWith("[seed=0x5e1f"), inFlight.getMessage());
            assertTrue(inFlight.getMessage().contains("a read nobody answers"), "names the open operation");

            AssertionError open = assertThrows(AssertionError.class, h::finish, "an operation never ended");
            assertTrue(open.getMessage().contains("never ended"), open.getMessage());

            h.join(h.rt.spawn(() -> {
                c.close();
                return null;
            }), "close");
            ExecutionException closed = assertThrows(ExecutionException.class, () -> read.get(20, TimeUnit.SECONDS));
            h.ledger.end(id, closed.getCause());
            h.join(h.rt.spawn(() -> {
                h.checkReleasable(buf.segment(), "after the read ended");
                s.close();
                l.close();
                return null;
            }), "cleanup");
            AssertionError leak = assertThrows(AssertionError.class, h::finish, "a buffer still held");
            assertTrue(leak.getMessage().contains("still in use"), leak.getMessage());
            buf.release();
            assertEquals(0, h.finish().lost());
        }
    }
}
