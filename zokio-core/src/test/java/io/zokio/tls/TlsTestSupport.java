package io.zokio.tls;

import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import io.zokio.testing.TestRuntimes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Assumptions;

/**
 * Runtimes on each backend (io_uring skips with the reason where it cannot open), configs from {@link Certs},
 * and a Zokio TLS server that runs a handler per connection and reports each connection's outcome.
 */
final class TlsTestSupport {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static final String OK = "ok";

    private TlsTestSupport() {
    }

    static Runtime open(BackendKind kind, int workers) {
        return open(kind, workers, CarrierMode.SHARED);
    }

    static Runtime open(BackendKind kind, int workers, CarrierMode mode) {
        try {
            return TestRuntimes.customize(Runtime.builder().workers(workers).backend(kind).carrierMode(mode)).build();
        } catch (RuntimeException e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
        }
    }

    /** Runs {@code body} on a virtual thread of {@code rt} and rethrows what it threw. */
    static <T> T on(Runtime rt, Callable<T> body) throws Exception {
        try {
            return rt.blockOn(body);
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** 127.0.0.1 under the name {@code localhost}, without a name lookup. */
    static InetSocketAddress localhost(int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), port);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static TlsConfig.Builder serverBuilder(Path p12, String... protocols) throws IOException {
        TlsConfig.Builder b = TlsConfig.builder().keyStore(p12, Certs.PASSWORD);
        return protocols.length == 0 ? b : b.protocols(protocols);
    }

    static TlsConfig.Builder clientBuilder(Path trustedCrt, String... protocols) throws IOException {
        TlsConfig.Builder b = TlsConfig.builder().trustPem(trustedCrt);
        return protocols.length == 0 ? b : b.protocols(protocols);
    }

    static long buffersInUse(Runtime rt) {
        var m = rt.buffers().metrics();
        return m.inUseBuffers() + m.unpooledInUse();
    }

    @FunctionalInterface
    interface Handler {
        void handle(TlsStream s) throws Exception;
    }

    /** Accepts until closed; each connection runs {@code handler} in its own task, then is closed. */
    static final class Server implements AutoCloseable {
        final TcpListener listener;
        private final Task<Void> acceptor;
        private final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();

        Server(Runtime rt, TlsConfig config, Handler handler) throws IOException {
            listener = TcpListener.bind(rt, ANY_LOOPBACK, TcpListener.Options.defaults());
            acceptor = rt.spawn(() -> {
                while (true) {
                    TcpStream tcp;
                    try {
                        tcp = listener.accept();
                    } catch (IOException e) {
                        return null; // closed
                    }
                    rt.spawn(() -> {
                        Object outcome = OK;
                        try (TlsStream s = TlsStream.server(rt, tcp, config)) {
                            handler.handle(s);
                        } catch (Throwable e) {
                            outcome = e;
                        }
                        outcomes.add(outcome);
                        return null;
                    });
                }
            });
        }

        int port() {
            return listener.port();
        }

        /** The next connection's outcome, once its stream is closed: {@link #OK} or what the handler threw. */
        Object next() throws InterruptedException {
            return outcomes.take();
        }

        /** Fails unless the next connection ended well. */
        void expectOk() throws Exception {
            Object o = next();
            if (o instanceof Throwable t) {
                throw new AssertionError("server connection failed: " + t, t);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            try {
                acceptor.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the acceptor ended");
            }
        }
    }
}
