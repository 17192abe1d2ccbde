package io.zokio.fuzz;

import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.net.UdpSocket;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random sequences of {@link TcpStream}, {@link TcpListener} and {@link UdpSocket} calls, split over two virtual
 * threads that act on the same sockets at once (reads, writes, vectored transfers, half-close, close, options,
 * timeouts negative, zero and short, async calls left in flight, connects to a closed port, accepts, datagrams,
 * use after close), on each backend. Every call returns or throws what is documented; a call blocked without
 * a timeout is released by the close at the end of the sequence; then nothing is left behind.
 */
@AddLifecycleHook(Fuzz.Seeded.class)
class NetApiFuzzTest {
    private static final int OPS = 23;
    /**
     * What the socket calls document: kernel errors, timeouts, closes (IOException subtypes), a second
     * concurrent reader or writer (IllegalStateException), negative timeouts and bad sizes
     * (IllegalArgumentException), nulls, read-only destinations (ReadOnlyBufferException), vector ranges
     * (IndexOutOfBoundsException, as ScatteringByteChannel documents).
     */
    @SuppressWarnings("unchecked")
    private static final Class<? extends Throwable>[] NET_CALL = new Class[] {IOException.class,
            IllegalStateException.class, IllegalArgumentException.class, NullPointerException.class,
            ReadOnlyBufferException.class, IndexOutOfBoundsException.class};
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /** How long the closer lets the two threads run before it closes everything under them. */
    private static final long SETTLE_MS = 300;

    @Provide
    Arbitrary<List<Step>> sequences() {
        return Step.sequences(OPS, 10, 40);
    }

    @Property(tries = 40)
    void socketCallsOnNio(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.NIO, steps);
    }

    @Property(tries = 40)
    @AddLifecycleHook(Fuzz.NeedsIoUring.class)
    void socketCallsOnIoUring(@ForAll("sequences") List<Step> steps) throws Exception {
        run(BackendKind.IO_URING, steps);
    }

    private static void run(BackendKind kind, List<Step> steps) throws Exception {
        Fuzz.Log log = new Fuzz.Log();
        log.add("backend " + kind + ", steps " + steps);
        Leaks leaks = Leaks.before(null);
        Runtime rt = Leaks.runtime(kind, 2);
        try (Arena arena = Arena.ofShared()) {
            Sockets s = rt.blockOn(() -> Sockets.open(rt));
            CountDownLatch done = new CountDownLatch(2);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int t = 0; t < 2; t++) {
                int me = t;
                Thread.ofVirtual().name("fuzz-net-" + t).start(() -> {
                    try {
                        for (int i = me; i < steps.size(); i += 2) {
                            s.step("T" + me + " #" + i + " ", steps.get(i), log, arena);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await(SETTLE_MS, TimeUnit.MILLISECONDS); // a call without timeout may wait for the close below
            s.closeAll(log);
            if (!done.await(Fuzz.HANG_MS, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("hang: a socket call was not released by close\n" + log);
            }
            for (CompletionStage<?> f : s.inFlight) {
                log.await("end: in-flight op", f, NET_CALL);
            }
            if (!failures.isEmpty()) {
                Throwable f = failures.get(0);
                throw f instanceof AssertionError a ? a : new AssertionError("sequence failed\n" + log, f);
            }
        } catch (Throwable t) {
            Leaks.closeQuietly(rt); // report the sequence's failure, not what it left open by stopping early
            throw t;
        }
        leaks.closeAndCheck(rt, log);
    }

    /** The sockets of one sequence; steps come from two threads at once (the point of the test). */
    private static final class Sockets {
        final Runtime rt;
        final TcpListener listener;
        final TcpStream[] streams = new TcpStream[2]; // client, server side
        final UdpSocket udp;
        final InetSocketAddress closedPort;
        final List<AutoCloseable> extra = new CopyOnWriteArrayList<>();
        final List<CompletionStage<?>> inFlight = new CopyOnWriteArrayList<>();
        /** Buffer groups and the stream whose worker opened each. */
        final List<Object[]> groups = new CopyOnWriteArrayList<>();

        private Sockets(Runtime rt, TcpListener listener, TcpStream client, TcpStream server, UdpSocket udp,
                InetSocketAddress closedPort) {
            this.rt = rt;
            this.listener = listener;
            this.streams[0] = client;
            this.streams[1] = server;
            this.udp = udp;
            this.closedPort = closedPort;
        }

        static Sockets open(Runtime rt) throws IOException {
            TcpListener gone = TcpListener.bind(rt, LOOPBACK, TcpListener.Options.defaults());
            InetSocketAddress closedPort = gone.localAddress();
            gone.close(); // nobody listens there now: connects are refused
            TcpListener l = TcpListener.bind(rt, LOOPBACK, TcpListener.Options.defaults());
            TcpStream c = TcpStream.connect(rt, l.localAddress(), Duration.ofSeconds(5));
            TcpStream s = l.accept(Duration.ofSeconds(5));
            UdpSocket u = UdpSocket.bind(rt, LOOPBACK);
            return new Sockets(rt, l, c, s, u, closedPort);
        }

        void closeAll(Fuzz.Log log) {
            for (AutoCloseable c : List.of(streams[0], streams[1], listener, udp)) {
                log.call("end: close " + c, () -> {
                    c.close();
                    return null;
                }, IOException.class);
            }
            for (AutoCloseable c : extra) {
                log.call("end: close " + c, () -> {
                    c.close();
                    return null;
                }, IOException.class);
            }
        }

        void step(String at, Step s, Fuzz.Log log, Arena arena) {
            TcpStream st = streams[s.pick() % 2];
            String on = at + (s.pick() % 2 == 0 ? "client." : "server.");
            Duration timeout = timeout(s);
            switch (s.op()) {
                case 0, 1 -> {
                    ByteBuffer b = byteBuffer(s);
                    log.call(on + "read(" + what(b) + ", " + timeout + ")", () -> st.read(b, timeout), NET_CALL);
                }
                case 2 -> {
                    MemorySegment m = segment(s, arena);
                    log.call(on + "read(" + what(m) + ", " + timeout + ")", () -> st.read(m, timeout), NET_CALL);
                }
                case 3, 4 -> {
                    ByteBuffer b = byteBuffer(s);
                    log.call(on + "write(" + what(b) + ", " + timeout + ")", () -> st.write(b, timeout), NET_CALL);
                }
                case 5 -> {
                    MemorySegment m = segment(s, arena);
                    log.call(on + "write(" + what(m) + ", " + timeout + ")", () -> st.write(m, timeout), NET_CALL);
                }
                case 6 -> {
                    ByteBuffer[] bs = {byteBuffer(s), ByteBuffer.allocateDirect(s.pick())};
                    int off = (int) Math.floorMod(s.num(), 4L) - 1;
                    int len = s.pick() % 4 - 1;
                    boolean read = s.pick() % 3 == 0;
                    log.call(on + (read ? "read" : "write") + "(vector [" + what(bs[0]) + "," + bs[1].remaining()
                            + "], " + off + ", " + len + ")", () -> read ? st.read(bs, off, len) : st.write(bs, off, len),
                            NET_CALL);
                }
                case 7 -> {
                    boolean in = s.pick() % 4 < 2;
                    log.call(on + (in ? "shutdownInput" : "shutdownOutput"), () -> {
                        if (in) {
                            st.shutdownInput();
                        } else {
                            st.shutdownOutput();
                        }
                        return null;
                    }, NET_CALL);
                }
                case 8 -> {
                    if (s.pick() % 3 == 0) { // closes are rarer than the rest: most calls should meet an open socket
                        log.call(on + "close", () -> {
                            st.close();
                            return null;
                        }, IOException.class);
                    }
                }
                case 9 -> {
                    boolean read = s.pick() % 2 == 0;
                    log.call(on + (read ? "setReadTimeout(" : "setWriteTimeout(") + timeout + ")", () -> {
                        if (read) {
                            st.setReadTimeout(timeout);
                        } else {
                            st.setWriteTimeout(timeout);
                        }
                        return null;
                    }, IllegalArgumentException.class);
                }
                case 10 -> {
                    int v = (int) s.num();
                    switch (s.pick() % 5) {
                        case 0 -> log.call(on + "setReceiveBufferSize(" + v + ")", () -> {
                            st.setReceiveBufferSize(v);
                            return st.receiveBufferSize();
                        }, NET_CALL);
                        case 1 -> log.call(on + "setSendBufferSize(" + v + ")", () -> {
                            st.setSendBufferSize(v);
                            return st.sendBufferSize();
                        }, NET_CALL);
                        case 2 -> log.call(on + "setLinger(" + timeout + ")", () -> {
                            st.setLinger(timeout);
                            return st.linger();
                        }, NET_CALL);
                        case 3 -> log.call(on + "setNoDelay/keepAlive", () -> {
                            st.setNoDelay(v % 2 == 0);
                            st.setKeepAlive(v % 2 != 0);
                            return st.noDelay() + "/" + st.keepAlive();
                        }, NET_CALL);
                        default -> log.call(on + "addresses", () -> st.localAddress() + " " + st.remoteAddress(),
                                NET_CALL);
                    }
                }
                case 11 -> {
                    boolean read = s.pick() % 2 == 0;
                    ByteBuffer b = byteBuffer(s);
                    CompletionStage<Integer> f = log.call(on + (read ? "readAsync(" : "writeAsync(") + what(b) + ", "
                            + timeout + ")", () -> read ? st.readAsync(b, timeout) : st.writeAsync(b, timeout), NET_CALL);
                    if (f != null) {
                        inFlight.add(f);
                    }
                }
                case 12 -> {
                    long fd = s.pick() % 2 == 0 ? -1 : 99_999; // never 0-2: stdin of the test JVM is surefire's pipe
                    long len = Math.floorMod(s.num(), 1 << 20);
                    log.call(on + "sendFile(" + fd + ", 0, " + len + ")", () -> {
                        st.sendFile((int) fd, 0, len, timeout);
                        return null;
                    }, NET_CALL);
                }
                case 13 -> {
                    boolean refused = s.pick() % 3 != 0;
                    InetSocketAddress to = refused ? closedPort : listener.localAddress();
                    TcpStream c = log.call(at + "connect(" + (refused ? "closed port" : "listener") + ", " + timeout
                            + ")", () -> TcpStream.connect(rt, to, timeout), NET_CALL);
                    if (c != null) {
                        extra.add(c);
                    }
                }
                case 14 -> {
                    Duration t = s.num() < 0 ? timeout : Duration.ofMillis(Math.floorMod(s.num(), 20) + 1);
                    TcpStream a = log.call(at + "listener.accept(" + t + ")", () -> listener.accept(t), NET_CALL);
                    if (a != null) {
                        extra.add(a);
                    }
                }
                case 15 -> {
                    if (s.pick() % 4 == 0) {
                        log.call(at + "listener.close", () -> {
                            listener.close();
                            return null;
                        }, IOException.class);
                    }
                }
                case 16 -> {
                    ByteBuffer b = byteBuffer(s);
                    InetSocketAddress to = s.pick() % 3 == 0 ? closedPort : udp.localAddress();
                    log.call(at + "udp.send(" + what(b) + ")", () -> udp.send(b, to), NET_CALL);
                }
                case 17 -> {
                    ByteBuffer b = byteBuffer(s);
                    Duration t = s.num() < 0 ? timeout : Duration.ofMillis(Math.floorMod(s.num(), 20) + 1);
                    log.call(at + "udp.receive(" + what(b) + ", " + t + ")", () -> udp.receive(b, t), NET_CALL);
                }
                case 18 -> {
                    switch (s.pick() % 4) {
                        case 0 -> log.call(at + "udp.connect(closed port)", () -> {
                            udp.connect(closedPort);
                            return null;
                        }, NET_CALL);
                        case 1 -> log.call(at + "udp.disconnect", () -> {
                            udp.disconnect();
                            return null;
                        }, NET_CALL);
                        case 2 -> log.call(at + "udp.send(connected)", () -> udp.send(ByteBuffer.allocate(3)), NET_CALL);
                        default -> {
                            if (s.num() % 5 == 0) {
                                log.call(at + "udp.close", () -> {
                                    udp.close();
                                    return null;
                                }, IOException.class);
                            }
                        }
                    }
                }
                case 20 -> {
                    // mostly valid (a power of two up to 128, up to 4 KiB each), now and then out of range
                    int count = s.pick() % 5 == 0 ? (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                            s.num())) : 1 << Math.floorMod(s.num(), 8);
                    int bytes = s.pick() % 7 == 0 ? -s.pick() : 1 + s.pick() * 4;
                    io.zokio.loop.BufferGroup g = log.call(on + "openBufferGroup(" + count + ", " + bytes + ")",
                            () -> st.openBufferGroup(count, bytes), IOException.class, IllegalArgumentException.class,
                            java.io.UncheckedIOException.class);
                    if (g != null) {
                        groups.add(new Object[] {g, st});
                    }
                }
                case 21 -> {
                    if (groups.isEmpty()) {
                        TcpStream owner = streams[(s.pick() / 2) % 2]; // this stream's worker, or maybe another's
                        io.zokio.loop.BufferGroup g = log.call(at + "openBufferGroup(8, 512)",
                                () -> owner.openBufferGroup(8, 512), NET_CALL);
                        if (g != null) {
                            groups.add(new Object[] {g, owner});
                        }
                    }
                    if (!groups.isEmpty()) {
                        Object[] e = groups.get(s.pick() % groups.size());
                        io.zokio.loop.BufferGroup g = (io.zokio.loop.BufferGroup) e[0];
                        int mode = s.pick() % 3;
                        boolean own = e[1] == st;
                        // the handler runs on the loop thread: it must not block; it releases, holds, or stops
                        CompletionStage<Void> f = log.call(on + "readEach(" + (own ? "its group" : "another's group")
                                + ", mode " + mode + ")", () -> st.readEach(g, (data, id) -> {
                                    if (mode != 1) {
                                        g.release(id);
                                    }
                                    return mode != 2;
                                }), NET_CALL);
                        if (f != null) {
                            inFlight.add(f);
                        }
                    }
                }
                case 22 -> {
                    if (!groups.isEmpty()) {
                        Object[] e = groups.get(s.pick() % groups.size());
                        TcpStream owner = (TcpStream) e[1];
                        log.call(at + "closeBufferGroup", () -> {
                            owner.closeBufferGroup((io.zokio.loop.BufferGroup) e[0]);
                            return null;
                        }, NET_CALL);
                    }
                }
                default -> {
                    ByteBuffer[] bs = {byteBuffer(s), ByteBuffer.allocate(8)};
                    InetSocketAddress[] from = new InetSocketAddress[s.pick() % 3];
                    Duration t = s.num() < 0 ? timeout : Duration.ofMillis(Math.floorMod(s.num(), 20) + 1);
                    log.call(at + "udp.receiveBatch(" + from.length + " senders, " + t + ")",
                            () -> udp.receiveBatch(bs, from, t), NET_CALL);
                }
            }
        }

        /** Negative, zero (none), null (none), short, or huge. */
        private static Duration timeout(Step s) {
            return switch ((int) Math.floorMod(s.num(), 8L) + (s.num() < 0 ? 8 : 0)) {
                case 0 -> null;
                case 1 -> Duration.ZERO;
                case 2 -> Duration.ofSeconds(Long.MAX_VALUE);
                default -> s.num() < 0 ? Duration.ofNanos(s.num()) : Duration.ofMillis(Math.floorMod(s.num(), 30) + 1);
            };
        }

        private static ByteBuffer byteBuffer(Step s) {
            int n = s.size(70_000);
            ByteBuffer b = switch ((s.pick() >> 2) % 6) {
                case 0 -> null;
                case 1, 2 -> ByteBuffer.allocate(n);
                case 3 -> ByteBuffer.allocateDirect(n);
                case 4 -> ByteBuffer.allocate(n).asReadOnlyBuffer();
                default -> ByteBuffer.allocateDirect(Math.max(n, 1)).limit(0); // nothing remaining
            };
            return b;
        }

        private static MemorySegment segment(Step s, Arena arena) {
            int n = s.size(70_000);
            return switch ((s.pick() >> 2) % 5) {
                case 0 -> null;
                case 1, 2 -> arena.allocate(Math.max(n, 1)).asSlice(0, n);
                case 3 -> MemorySegment.ofArray(new byte[n]);
                default -> arena.allocate(Math.max(n, 1)).asReadOnly();
            };
        }

        private static String what(Object b) {
            if (b == null) {
                return "null";
            }
            if (b instanceof MemorySegment m) {
                return (m.isNative() ? "native" : "heap") + (m.isReadOnly() ? " ro" : "") + " " + m.byteSize();
            }
            ByteBuffer bb = (ByteBuffer) b;
            return (bb.isDirect() ? "direct" : "heap") + (bb.isReadOnly() ? " ro" : "") + " " + bb.remaining();
        }
    }
}
