package io.zokio.reliability;

import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> {@link #start} and {@link #close} from the test's thread; connections are served on the
 * runtime's virtual threads.
 *
 * <p>An echo server in the virtual-thread style like the example's {@code VthreadEchoServer}, with the two knobs
 * the overload tests need: the listen backlog (an accept storm over a small one) and heap instead of direct
 * read buffers (to measure what {@link TcpStream}'s native staging for heap buffers costs per connection).
 */
final class TestEchoServer implements AutoCloseable {
    final Runtime runtime;
    private final List<TcpListener> listeners = new ArrayList<>();
    private final Set<TcpStream> open = ConcurrentHashMap.newKeySet();
    private final boolean heapBuffers;
    final AtomicInteger accepted = new AtomicInteger();
    /** Why a listener's accept loop ended with an error, or null. */
    final java.util.concurrent.atomic.AtomicReference<String> acceptEnded = new java.util.concurrent.atomic.AtomicReference<>();

    private TestEchoServer(Runtime runtime, boolean heapBuffers) {
        this.runtime = runtime;
        this.heapBuffers = heapBuffers;
    }

    static TestEchoServer start(BackendKind backend, int backlog, boolean heapBuffers) throws IOException {
        Runtime rt = Runtime.builder().workers(2).backend(backend).shutdownGrace(Duration.ZERO)
                .blockedThreshold(Duration.ofSeconds(5)).threadNamePrefix("zokio-echo-").build();
        TestEchoServer s = new TestEchoServer(rt, heapBuffers);
        try {
            InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            for (int w = 0; w < rt.workers(); w++) {
                TcpListener l = TcpListener.bind(rt, addr,
                        TcpListener.Options.defaults().backlog(backlog).reusePort(true).worker(w));
                s.listeners.add(l);
                addr = l.localAddress(); // the second listener shares the first one's port (SO_REUSEPORT)
            }
            for (TcpListener l : s.listeners) {
                l.acceptEach(s::onAccepted).whenComplete((v, e) -> {
                    if (e != null) {
                        s.acceptEnded.compareAndSet(null, e.toString()); // a failed test says why accepting stopped
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    int port() {
        return listeners.get(0).port();
    }

    private void onAccepted(TcpStream s) {
        accepted.incrementAndGet();
        open.add(s);
        runtime.spawn(() -> serve(s));
    }

    private Void serve(TcpStream s) {
        try (s) {
            ByteBuffer buf = heapBuffers ? ByteBuffer.allocate(4096) : ByteBuffer.allocateDirect(4096);
            while (s.read(buf) >= 0) {
                buf.flip();
                s.writeAll(buf);
                buf.clear();
            }
        } catch (IOException e) {
            // the peer went away or the server is closing: the connection ends either way
        } finally {
            open.remove(s);
        }
        return null;
    }

    @Override
    public void close() {
        for (TcpListener l : listeners) {
            try {
                l.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (TcpStream s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        runtime.close();
    }
}
