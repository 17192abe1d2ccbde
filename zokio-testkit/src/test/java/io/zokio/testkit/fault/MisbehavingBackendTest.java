package io.zokio.testkit.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Action;
import io.zokio.loop.Backend;
import io.zokio.loop.BackendContext;
import io.zokio.loop.BackendFeatures;
import io.zokio.loop.Clock;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.IdleMode;
import io.zokio.loop.RunMode;
import io.zokio.loop.SocketCalls;
import io.zokio.sys.SockOpt;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault decorator's exactly-once check catches a backend that breaks the contract: one that delivers a
 * completion twice fails the poll that delivered it; one that loses a completion fails the close, naming it.
 */
@Timeout(30)
class MisbehavingBackendTest {

    /** Completes every NOP once per poll; {@code duplicate}: twice; {@code lose}: never, not even at close. */
    static final class Misbehaving implements Backend {
        private final boolean duplicate;
        private final boolean lose;
        private final ArrayDeque<Completion> queued = new ArrayDeque<>();
        private BackendContext context;
        private int inFlight;

        Misbehaving(boolean duplicate, boolean lose) {
            this.duplicate = duplicate;
            this.lose = lose;
        }

        @Override
        public void attach(BackendContext c) {
            this.context = c;
        }

        @Override
        public void submit(Completion c) {
            inFlight++;
            queued.add(c);
        }

        @Override
        public int poll(long waitNs) {
            int n = 0;
            Completion c;
            while (!lose && (c = queued.poll()) != null) {
                inFlight--;
                context.deliver(c, 0);
                n++;
                if (duplicate) {
                    context.deliver(c, 0);
                    n++;
                }
            }
            return n;
        }

        @Override
        public void wakeup() {
        }

        @Override
        public int inFlight() {
            return inFlight;
        }

        @Override
        public void close() {
        }

        @Override
        public BackendFeatures features() {
            return new BackendFeatures("misbehaving", "a backend that breaks the contract", false,
                    BackendFeatures.Counters.NONE, new NoSockets(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }

    @Test
    void aDuplicatedCompletionFailsThePollThatDeliveredIt() {
        EventLoop inner = EventLoop.withBackend(new Misbehaving(true, false), Clock.SYSTEM, IdleMode.POWER_SAVE);
        FaultyBackend faulty = new FaultyBackend(inner, FaultConfig.none(1));
        EventLoop loop = EventLoop.withBackend(faulty, Clock.SYSTEM, IdleMode.POWER_SAVE);
        loop.submit(new Completion().prepNop().callback((l, c, r) -> Action.DISARM));
        AssertionError e = assertThrows(AssertionError.class, () -> loop.run(RunMode.NO_WAIT));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        assertTrue(faulty.violation() != null && faulty.violation().contains("twice"), faulty.violation());
    }

    @Test
    void aLostCompletionFailsTheCloseAndCountsAsLost() {
        EventLoop inner = EventLoop.withBackend(new Misbehaving(false, true), Clock.SYSTEM, IdleMode.POWER_SAVE);
        FaultyBackend faulty = new FaultyBackend(inner, FaultConfig.none(2));
        EventLoop loop = EventLoop.withBackend(faulty, Clock.SYSTEM, IdleMode.POWER_SAVE);
        loop.submit(new Completion().prepNop().callback((l, c, r) -> Action.DISARM));
        loop.run(RunMode.NO_WAIT);
        assertEquals(1, faulty.counts().lost(), "submitted and never delivered");
        AssertionError e = assertThrows(AssertionError.class, loop::close);
        assertTrue(e.getMessage().contains("never delivered"), e.getMessage());
        assertTrue(faulty.isClosed());
    }

    /** Socket calls the misbehaving backend never needs. */
    private static final class NoSockets implements SocketCalls {
        @Override
        public int openTcpListener(InetSocketAddress address, int backlog, boolean reusePort) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int openTcpSocket(boolean ipv6) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int openUdpSocket(InetSocketAddress address) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setSocketOption(int fd, SockOpt option, int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getSocketOption(int fd, SockOpt option) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InetSocketAddress localAddress(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InetSocketAddress remoteAddress(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void closeNow(int fd) {
            throw new UnsupportedOperationException();
        }
    }
}
