package io.zokio.loop.nio;

import io.zokio.loop.Action;
import io.zokio.loop.BackendKind;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Test helpers: a NIO loop, a shared arena (file-pool threads touch buffers), and recording callbacks. */
abstract class NioLoopFixture {
    static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    EventLoop loop;
    Arena arena;

    void open(int filePoolThreads) {
        loop = EventLoop.builder().backend(BackendKind.NIO).filePoolThreads(filePoolThreads).build();
        arena = Arena.ofShared();
    }

    void closeAll() {
        if (loop != null) {
            loop.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    /** Records every result it is called with. */
    static final class Recorder implements Callback {
        int result = Integer.MIN_VALUE;
        int calls;

        @Override
        public Action onComplete(EventLoop loop, Completion c, int r) {
            result = r;
            calls++;
            return Action.DISARM;
        }

        boolean done() {
            return calls > 0;
        }
    }

    Recorder submit(Completion c) {
        Recorder r = new Recorder();
        loop.submit(c.callback(r));
        return r;
    }

    /** Runs the loop until {@code condition} holds (the test's @Timeout bounds it). */
    void runUntil(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            loop.run(RunMode.ONCE);
        }
    }

    int await(Recorder r) {
        runUntil(r::done);
        return r.result;
    }

    int await(Completion c) {
        return await(submit(c));
    }

    MemorySegment bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment m = arena.allocate(b.length);
        m.copyFrom(MemorySegment.ofArray(b));
        return m;
    }

    static String string(MemorySegment m, int length) {
        return new String(m.asSlice(0, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** A connected pair: {listener, server side, client side}. */
    int[] connectedPair() throws Exception {
        int listener = loop.sockets().openTcpListener(LOOPBACK_ANY, 16, false);
        InetSocketAddress at = loop.sockets().localAddress(listener);
        int client = loop.sockets().openTcpSocket(false);
        Recorder accepted = submit(new Completion().prepAccept(listener));
        Recorder connected = submit(new Completion().prepConnect(client, at));
        runUntil(() -> accepted.done() && connected.done());
        if (accepted.result < 0 || connected.result != 0) {
            throw new AssertionError("accept " + accepted.result + ", connect " + connected.result);
        }
        return new int[] {listener, accepted.result, client};
    }
}
