package io.zokio.http.server;

import io.zokio.http.BodyTooLargeException;
import io.zokio.http.HttpResponse;
import io.zokio.http.wire.RequestHead;
import io.zokio.http.wire.RequestParser;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * <b>Threading:</b> {@link #serve()} runs on the connection's own virtual thread, which also runs the handler
 * for each request; {@link #closeIfIdle()} and {@link #forceClose()} may be called from any thread.
 *
 * <p>One HTTP/1.1 connection: waits for a whole head (within the head timeout from its first byte), parses it
 * in place, hands it to the handler, writes the response, and goes on with the next request in the buffer.
 * Responses to pipelined requests are queued and leave in one write when the connection next waits. A request
 * that breaks the grammar is answered with its status and the connection closes.
 */
public final class ServerConnection extends Served {
    private static final System.Logger LOG = System.getLogger("io.zokio.http");
    private static final System.Logger ACCESS = System.getLogger("io.zokio.http.access");
    /** {@link #awaitHead()}: close without an answer. */
    private static final int CLOSE = -1;

    private final ServerConfig config;
    private final ServerCounters counters;
    private final Wire wire;
    private final ConnectionInput in;
    private final ConnectionOutput out;
    private final RequestHead head;
    private final BodyInput body;
    private final ParsedRequest request;
    private final ResponseWriter writer;
    private final ServerCore drain;

    ServerConnection(Runtime rt, Wire wire, ServerConfig config, ServerCounters counters, ServerCore drain) {
        this.config = config;
        this.counters = counters;
        this.wire = wire;
        this.drain = drain;
        this.out = new ConnectionOutput(wire, counters, deadline, config.writeTimeout().toNanos());
        this.head = new RequestHead(config.maxHeaders());
        // small to start (most heads are a few hundred bytes); grows for large heads and bodies
        this.in = new ConnectionInput(4096, config.maxHeadBytes() + 16 * 1024, wire, out, counters, deadline, head);
        this.body = new BodyInput(in, out, config.maxBodyBytes(), config.readTimeout().toNanos());
        FileIo files = new FileIo(rt, wire.tcp().worker());
        this.request = new ParsedRequest(head, body, wire.tcp(), rt, files);
        this.writer = new ResponseWriter(out, wire, files, config.writeTimeout(), counters);
    }

    /** Serves requests until the peer closes, an error or timeout closes, or the server drains. */
    void serve() throws IOException {
        wire.setWriteTimeout(null); // bounded by the connection's deadline instead
        while (true) {
            int end = awaitHead();
            if (end == CLOSE) {
                break;
            }
            if (end < 0) {
                answerAndClose(-end, true);
                break;
            }
            int status = RequestParser.parse(in.buf, in.pos, end, head);
            if (status != RequestParser.OK) {
                answerAndClose(status, head.http11());
                break;
            }
            in.floor = end;
            in.pos = end;
            boolean keepAlive = handle();
            in.releaseHead();
            if (!keepAlive) {
                break;
            }
        }
        out.flushAndWait();
    }

    private void answerAndClose(int status, boolean http11) throws IOException {
        counters.started.increment();
        writer.error(status, false, http11);
        counters.finished(status);
        out.flushAndWait();
    }

    /**
     * Waits until the buffer holds a whole head; returns the offset just past it, {@link #CLOSE}, or a negated
     * status to answer (400, 414, 431) before closing.
     */
    private int awaitHead() throws IOException {
        long headDeadline = 0;
        int scanned = 0; // relative to in.pos: bytes already searched for the end of the head
        while (true) {
            if (headDeadline == 0 && in.available() > 0) {
                headDeadline = System.nanoTime() + config.headTimeout().toNanos(); // from the head's first byte
            }
            while (in.available() >= 2 && in.buf[in.pos] == '\r' && in.buf[in.pos + 1] == '\n' && scanned == 0) {
                in.pos += 2; // empty lines before a request line are ignored (RFC 9112 section 2.2)
            }
            long until;
            if (in.available() > 0) {
                int end = RequestParser.findEnd(in.buf, in.pos, in.pos + scanned, in.limit);
                int seen = end > 0 ? end - in.pos : in.available();
                if (seen > config.maxRequestLineBytes()) { // only then can the request line be too long
                    int line = RequestParser.requestLineLength(in.buf, in.pos, in.pos + seen);
                    if ((line < 0 ? seen : line) > config.maxRequestLineBytes()) {
                        return -RequestParser.URI_TOO_LONG;
                    }
                }
                if (end == RequestParser.BARE_LF) {
                    return -RequestParser.BAD_REQUEST;
                }
                if (end > 0) {
                    return end - in.pos > config.maxHeadBytes() ? -RequestParser.HEADERS_TOO_LARGE : end;
                }
                if (in.available() > config.maxHeadBytes()) {
                    return -RequestParser.HEADERS_TOO_LARGE;
                }
                scanned = Math.max(0, in.available() - 3);
            } else {
                scanned = 0;
                out.flush();
                state.set(IDLE);
                if (drain.draining() && state.compareAndSet(IDLE, BUSY)) {
                    return CLOSE;
                }
            }
            if (headDeadline != 0) {
                if (headDeadline - System.nanoTime() <= 0) {
                    return CLOSE; // the head trickles in too slowly
                }
                until = headDeadline;
            } else {
                until = System.nanoTime() + config.idleTimeout().toNanos();
            }
            int n;
            try {
                n = in.fill(until);
            } catch (IOException e) {
                if (state.get() == CLOSED || deadline.expired()) {
                    return CLOSE; // closed while idle by a draining server, or at the deadline
                }
                throw e;
            }
            if (state.get() == IDLE && !state.compareAndSet(IDLE, BUSY)) {
                return CLOSE;
            }
            if (n < 0) {
                return CLOSE;
            }
        }
    }

    /** Handles the parsed request; returns whether the connection stays open. */
    private boolean handle() throws IOException {
        counters.started.increment();
        int status = 500;
        long sent = 0;
        boolean keepAlive = head.keepAlive() && !drain.draining();
        boolean headRequest = head.method() == "HEAD"; // interned by the parser
        try {
            if (head.contentLength() > config.maxBodyBytes()) {
                status = 413;
                sent = writer.error(413, false, head.http11());
                return false;
            }
            body.reset(head);
            request.reset();
            HttpResponse response;
            try {
                response = config.handler().handle(request);
                if (response == null) {
                    throw new IllegalStateException("the handler returned null");
                }
            } catch (BodyTooLargeException e) {
                response = HttpResponse.text(413, "413 Content Too Large\n");
                keepAlive = false;
            } catch (BodyInput.MalformedBodyException e) {
                response = HttpResponse.text(400, "400 Bad Request\n");
                keepAlive = false;
            } catch (IOException e) {
                // the peer went away while the handler read the body, or the handler's own I/O failed: answer if
                // the socket still works, then close, as the body may be half read
                response = HttpResponse.text(500, "500 Internal Server Error\n");
                keepAlive = false;
            } catch (Exception e) {
                LOG.log(Level.WARNING, "handler failed for " + head.method() + " " + head.target(), e);
                response = HttpResponse.text(500, "500 Internal Server Error\n");
            }
            status = response.status();
            if (drain.draining() || response.closesConnection() || ResponseWriter.needsClose(response, head.http11())
                    || (keepAlive && !body.done() && !body.finish())) {
                keepAlive = false;
            }
            try {
                sent = writer.write(response, headRequest, keepAlive, head.http11());
            } catch (RuntimeException e) {
                // a streaming body's writer failed after the head went out: the response cannot be completed
                LOG.log(Level.WARNING, "response body failed for " + head.method() + " " + head.target(), e);
                return false;
            }
            out.maybeFlush();
            return keepAlive;
        } finally {
            counters.finished(status);
            if (ACCESS.isLoggable(Level.DEBUG)) {
                ACCESS.log(Level.DEBUG, head.method() + " " + head.target() + " " + status + " " + sent);
            }
        }
    }

    @Override
    void closeSocket() {
        try {
            wire.tcp().close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
