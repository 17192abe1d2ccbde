package io.zokio.bench.tls;

import io.zokio.bench.ProcCpu;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * <b>Threading:</b> one caller at a time; each run starts a virtual thread per connection and joins them.
 *
 * <p>The load client of the tls bench, the same for every server: the JDK's {@link SSLSocket} on virtual
 * threads (the JDK scheduler, a carrier per core) in this JVM. Every connection offers TLS 1.3 with
 * {@value #SUITE} and the x25519 group only, sends SNI {@code localhost} and verifies the server's certificate
 * against it (trusting exactly the bench's certificate).
 */
final class TlsLoadClient {
    static final String SUITE = "TLS_AES_128_GCM_SHA256";
    static final String GROUP = "x25519";
    private static final int CHUNK = 16 * 1024;

    private final TrustManager[] trust;
    private final SecureRandom random = new SecureRandom();
    /** Echo and bulk connections: resumption would not matter, one context for all. */
    private final SSLContext shared;

    TlsLoadClient(Path cert) throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(cert)) {
                ks.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            trust = tmf.getTrustManagers();
            shared = newContext();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A context with an empty session cache: a connection made from it cannot resume. */
    private SSLContext newContext() throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, trust, random);
        return ctx;
    }

    /** Connects and completes the handshake. */
    private static SSLSocket open(SSLContext ctx, int port) throws IOException {
        Socket raw = new Socket();
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress("127.0.0.1", port));
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, "localhost", port, true);
        SSLParameters p = s.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.3"});
        p.setCipherSuites(new String[] {SUITE});
        p.setNamedGroups(new String[] {GROUP});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** Counters sampled at the edges of a measured window. */
    record Sample(long nanos, long ops, double serverCpu, double clientCpu) {
    }

    /** What the window counted: ops, seconds, server and client CPU seconds. */
    record Window(long ops, double secs, double serverCpu, double clientCpu) {
        static Window between(Sample a, Sample b) {
            return new Window(b.ops() - a.ops(), (b.nanos() - a.nanos()) / 1e9, b.serverCpu() - a.serverCpu(),
                    b.clientCpu() - a.clientCpu());
        }
    }

    /** Reads the server's CPU seconds so far. */
    interface ServerCpu {
        double seconds() throws IOException;
    }

    /**
     * {@code connections} connections each exchanging 64-byte messages in a closed loop; counts round trips
     * over {@code windowMs} after {@code warmupMs}. The connections are made before the clock starts.
     */
    Window echo(int port, int connections, long warmupMs, long windowMs, ServerCpu cpu) throws IOException,
            InterruptedException {
        List<SSLSocket> sockets = new ArrayList<>();
        try {
            for (SSLSocket s : openAll(port, connections)) {
                sockets.add(s);
            }
            LongAdder count = new LongAdder();
            return measure(sockets.stream().map(s -> (Body) stop -> {
                byte[] msg = new byte[64];
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                while (!stop.getAsBoolean()) {
                    out.write(msg);
                    if (in.readNBytes(msg, 0, 64) != 64) {
                        throw new IOException("the server closed mid-message");
                    }
                    count.increment();
                }
            }).toList(), count, warmupMs, windowMs, cpu);
        } finally {
            for (SSLSocket s : sockets) {
                closeQuietly(s);
            }
        }
    }

    /**
     * {@code connections} threads each making connections in a loop: a full handshake from a fresh context (no
     * resumption), one 64-byte exchange, close. Counts connections.
     */
    Window handshakes(int port, int connections, long warmupMs, long windowMs, ServerCpu cpu) throws IOException,
            InterruptedException {
        LongAdder count = new LongAdder();
        List<Body> bodies = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            bodies.add(stop -> {
                byte[] msg = new byte[64];
                while (!stop.getAsBoolean()) {
                    SSLSocket s;
                    try {
                        s = open(newContext(), port);
                    } catch (GeneralSecurityException e) {
                        throw new IOException(e);
                    }
                    try (s) {
                        s.getOutputStream().write(msg);
                        if (s.getInputStream().readNBytes(msg, 0, 64) != 64) {
                            throw new IOException("the server closed mid-message");
                        }
                    }
                    count.increment();
                }
            });
        }
        return measure(bodies, count, warmupMs, windowMs, cpu);
    }

    /**
     * {@code connections} connections each sending {@code bytesEach} to the sink and waiting for its last ack;
     * ops are MiB sent, seconds from the start signal to the last ack.
     */
    Window bulk(int port, int connections, long bytesEach, ServerCpu cpu) throws IOException, InterruptedException {
        List<SSLSocket> sockets = openAll(port, connections);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            IOException[] failure = new IOException[1];
            for (SSLSocket s : sockets) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        byte[] chunk = new byte[CHUNK];
                        OutputStream out = s.getOutputStream();
                        for (long left = bytesEach; left > 0; left -= CHUNK) {
                            out.write(chunk, 0, (int) Math.min(CHUNK, left));
                        }
                        int acks = (int) (bytesEach / TlsServerArgs.ACK_BYTES);
                        if (s.getInputStream().readNBytes(acks).length != acks) {
                            throw new IOException("the sink closed before its last ack");
                        }
                    } catch (IOException e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            Sample a = sample(0, cpu);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            Sample b = sample(connections * bytesEach / TlsServerArgs.ACK_BYTES, cpu);
            if (failure[0] != null) {
                throw failure[0];
            }
            return Window.between(a, b);
        } finally {
            for (SSLSocket s : sockets) {
                closeQuietly(s);
            }
        }
    }

    /** One connection's loop until {@code stop}. */
    private interface Body {
        void run(java.util.function.BooleanSupplier stop) throws IOException;
    }

    /** Runs every body on its own virtual thread; samples after the warm-up and after the window; stops them. */
    private Window measure(List<Body> bodies, LongAdder count, long warmupMs, long windowMs, ServerCpu cpu)
            throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean stopFlag = new java.util.concurrent.atomic.AtomicBoolean();
        IOException[] failure = new IOException[1];
        List<Thread> threads = new ArrayList<>();
        for (Body body : bodies) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    body.run(stopFlag::get);
                } catch (IOException e) {
                    if (!stopFlag.get()) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                        stopFlag.set(true);
                    }
                }
            }));
        }
        Thread.sleep(warmupMs);
        Sample a = sample(count.sum(), cpu);
        Thread.sleep(windowMs);
        Sample b = sample(count.sum(), cpu);
        stopFlag.set(true);
        for (Thread t : threads) {
            t.join();
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return Window.between(a, b);
    }

    private static Sample sample(long ops, ServerCpu cpu) throws IOException {
        return new Sample(System.nanoTime(), ops, cpu.seconds(), ProcCpu.cpuSeconds(ProcessHandle.current().pid()));
    }

    /** Opens {@code n} connections in parallel (virtual threads). */
    private List<SSLSocket> openAll(int port, int n) throws IOException, InterruptedException {
        SSLSocket[] out = new SSLSocket[n];
        IOException[] failure = new IOException[1];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    out[k] = open(shared, port);
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            for (SSLSocket s : out) {
                if (s != null) {
                    closeQuietly(s);
                }
            }
            throw failure[0];
        }
        return List.of(out);
    }

    private static void closeQuietly(SSLSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the window is over
        }
    }
}
