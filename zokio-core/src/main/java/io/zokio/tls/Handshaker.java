package io.zokio.tls;

import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * <b>Threading:</b> called by {@link RecordLayer} on the thread doing the handshake (which holds the handshake
 * and send locks) or, for {@link #runTasks}, on a reader or writer; blocking (virtual threads park).
 *
 * <p>Drives an engine's handshake to its end: runs delegated tasks, collects the wraps of one flight in
 * {@code netOut} and sends them together before the next unwrap, and receives records until the engine is
 * done. Also the one place that decides where delegated tasks run.
 */
final class Handshaker {
    private final RecordLayer layer;
    private final Runtime rt;
    private final boolean onCaller;

    Handshaker(RecordLayer layer, Runtime rt, TlsConfig.HandshakeTasks tasks) {
        this.layer = layer;
        this.rt = rt;
        this.onCaller = tasks == TlsConfig.HandshakeTasks.ON_CALLER;
    }

    /** Begins the handshake and returns once the engine no longer handshakes. */
    void run(Duration t) throws IOException {
        layer.engine.beginHandshake();
        while (true) {
            switch (layer.engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    // several wraps make one flight: they leave together, before the next unwrap or at the end
                    SSLEngineResult r = layer.wrap(RecordLayer.NOTHING, 0, 1, t);
                    if (r.getStatus() == Status.CLOSED) {
                        layer.flush(t);
                        throw new SSLHandshakeException("TLS handshake aborted: the engine closed (alert sent)");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    layer.flush(t);
                    unwrapHandshake(t);
                }
                default -> { // NOT_HANDSHAKING
                    layer.flush(t);
                    return;
                }
            }
        }
    }

    private void unwrapHandshake(Duration t) throws IOException {
        if (!layer.bufs.netIn.hasRemaining()) {
            layer.fill(t, true);
            return;
        }
        SSLEngineResult r = layer.unwrapIntoAppIn();
        switch (r.getStatus()) {
            case BUFFER_UNDERFLOW -> layer.fill(t, true);
            case BUFFER_OVERFLOW -> layer.growAppIn();
            case CLOSED -> throw new SSLHandshakeException("the peer closed the TLS connection during the handshake");
            default -> {
            }
        }
    }

    /**
     * Runs the engine's delegated tasks (certificate checks, key exchange): on the calling thread, unless it
     * is a virtual thread carried by a worker (AFFINE), which would hold up that worker's loop; those go to the
     * runtime's blocking pool while the caller parks ({@link TlsConfig.HandshakeTasks#ON_CALLER}: on the
     * caller all the same).
     */
    void runTasks() throws IOException {
        Runnable task;
        while ((task = layer.engine.getDelegatedTask()) != null) {
            if (onCaller || !rt.isCarriedByWorker()) {
                task.run();
                continue;
            }
            Runnable job = task;
            try {
                rt.blocking(() -> {
                    job.run();
                    return null;
                }).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted during a TLS handshake task");
            } catch (CompletionException e) {
                throw new SSLException("TLS handshake task failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
