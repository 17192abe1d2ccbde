package io.zokio.http.server;

import io.zokio.http.BodyTooLargeException;
import io.zokio.http.HttpResponse;
import io.zokio.http.wire.RequestHead;
import io.zokio.http.wire.RequestParser;
import io.zokio.loop.BufferGroup;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> the loop thread that owns the socket runs everything, except what {@link Served} lets
 * any thread do (close the socket, which the loop then sees as the end of its receive or a failed write).
 *
 * <p>One HTTP/1.1 connection served by its event loop, without a thread of its own
 * ({@link io.zokio.http.HandlerMode#EVENT_LOOP}). Bytes arrive through one multishot receive into the worker's
 * shared buffer group and are copied into the connection's input array (the group's buffer goes back at once).
 * Each whole request in the input is parsed in place, its body gathered whole (a fixed length, or chunked through
 * {@link ChunkedGather}), the handler run, and the response appended to the output; after a batch of input the
 * output leaves in one callback-style write, so pipelined responses share a write and stay in order. While a write
 * is in flight new responses queue behind it; past {@link #OUTPUT_PAUSE} bytes queued the connection parses no
 * further requests, and once as many unparsed bytes wait too it stops receiving, until the peer has read what was
 * sent. A request body is received whole however large (up to the body limit, refused before it arrives).
 *
 * <p>Deadlines as on the virtual-thread path ({@link IoDeadline}, enforced by {@link ServerCore}'s sweeper): a
 * head must be whole within the head timeout from its first byte, a body's bytes keep coming within the read
 * timeout, a write finishes within the write timeout, and an idle connection closes after the idle timeout.
 */
final class LoopConnection extends Served implements TcpStream.DataHandler, io.zokio.net.SocketStream.IoCallback {
    private static final System.Logger LOG = System.getLogger("io.zokio.http");
    private static final System.Logger ACCESS = System.getLogger("io.zokio.http.access");
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Queued output beyond which no further request is parsed until a write completes. */
    static final int OUTPUT_PAUSE = 64 * 1024;
    /** The largest response body a handler may stream: it is gathered in memory before it leaves. */
    static final int MAX_STREAMED_BYTES = 4 * 1024 * 1024;

    private final TcpStream socket;
    private final BufferGroup group;
    private final ServerConfig config;
    private final ServerCounters counters;
    private final ServerCore core;
    private final RequestHead head;
    private final HeldBody body = new HeldBody();
    private final ChunkedGather chunks = new ChunkedGather();
    private final ParsedRequest request;
    private final HeldOutput out = new HeldOutput();
    private final int maxInput;
    private final long headNs;
    private final long idleNs;
    private final long readNs;
    private final long writeNs;
    /** {@link System#nanoTime()} read once per event (a receive or a write completion), for its deadlines. */
    private long eventNs;

    private byte[] in = new byte[2048];
    private int pos;
    private int limit;
    /** Bytes after {@link #pos} already searched for the end of the head. */
    private int scanned;
    /** When the current head's first byte arrived (0: no head begun). */
    private long headStart;
    private boolean continueSent;
    /** The head at {@link #pos} is whole and its body is still arriving. */
    private boolean inBody;
    private ByteBuffer outView = ByteBuffer.wrap(out.buf);
    private boolean writing;
    /** No further request: the connection closes once its output is written. */
    private boolean closing;
    /** The receive was stopped because the input is full; restarted once output drained. */
    private boolean receivePaused;
    private boolean receiving;
    private boolean ended;

    LoopConnection(Runtime rt, TcpStream socket, BufferGroup group, ServerConfig config, ServerCounters counters,
                   ServerCore core) {
        this.socket = socket;
        this.group = group;
        this.config = config;
        this.counters = counters;
        this.core = core;
        this.head = new RequestHead(config.maxHeaders());
        this.request = new ParsedRequest(head, body, socket, rt, null);
        long most = (long) config.maxHeadBytes() + config.maxBodyBytes() + 16 * 1024;
        this.maxInput = (int) Math.min(most, Integer.MAX_VALUE - 64);
        this.headNs = config.headTimeout().toNanos();
        this.idleNs = config.idleTimeout().toNanos();
        this.readNs = config.readTimeout().toNanos();
        this.writeNs = config.writeTimeout().toNanos();
    }

    /** Loop thread: starts receiving. */
    void start() {
        state.set(IDLE);
        deadline.armIn(idleNs);
        receive();
    }

    private void receive() {
        receiving = true;
        receivePaused = false;
        socket.readEach(group, this).whenComplete((v, failure) -> receiveEnded(failure));
    }

    // ------------------------------------------------------------------ input

    @Override
    public boolean onData(MemorySegment data, int bufferId) {
        int n = (int) data.byteSize();
        eventNs = System.nanoTime();
        if (!state.compareAndSet(IDLE, BUSY) && state.get() == CLOSED) {
            group.release(bufferId);
            return false;
        }
        boolean room = makeRoom(n);
        if (room) {
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, in, limit, n);
            limit += n;
        }
        group.release(bufferId);
        if (!room) {
            closeNow(); // more than a request of the largest allowed size is waiting: a peer that never reads
            return false;
        }
        counters.bytesIn.add(n);
        process();
        settleState();
        if (!closing && out.count >= OUTPUT_PAUSE && limit - pos >= OUTPUT_PAUSE) {
            receivePaused = true; // the client sends but does not read: resumed once the output drained
            return false;
        }
        return !closing;
    }

    /** Makes room for {@code n} more bytes: moves the unread bytes down, grows up to the input limit. */
    private boolean makeRoom(int n) {
        if (pos == limit) {
            pos = limit = 0;
        } else if (pos > 0 && in.length - limit < n) {
            System.arraycopy(in, pos, in, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (in.length - limit < n) {
            long want = Math.max((long) in.length * 2, (long) limit + n);
            if (limit + n > maxInput) {
                return false;
            }
            in = java.util.Arrays.copyOf(in, (int) Math.min(want, maxInput));
            head.rebind(in);
        }
        return true;
    }

    private void receiveEnded(Throwable failure) {
        receiving = false;
        if (failure != null || state.get() == CLOSED) {
            closeNow(); // reset, failed, or closed by the server (drain, deadline)
            return;
        }
        if (receivePaused) {
            return; // stopped for back-pressure: the write completion resumes it
        }
        closing = true; // the peer finished sending, or no further request is wanted: answer, then close
        if (!writing && out.count == 0) {
            closeNow();
        }
    }

    // ------------------------------------------------------------------ requests

    /** Handles every whole request in the input, then starts writing what they produced. */
    private void process() {
        while (!closing && out.count < OUTPUT_PAUSE) {
            if (scanned == 0) {
                while (limit - pos >= 2 && in[pos] == '\r' && in[pos + 1] == '\n') {
                    pos += 2; // empty lines before a request line are ignored (RFC 9112 section 2.2)
                }
            }
            if (pos == limit) {
                break;
            }
            int end = headEnd();
            if (end == 0) {
                if (headStart == 0) {
                    headStart = eventNs | 1; // the head's first bytes came in this batch
                }
                break;
            }
            if (end < 0) {
                answerAndClose(-end, true);
                break;
            }
            int status = RequestParser.parse(in, pos, end, head);
            if (status != RequestParser.OK) {
                answerAndClose(status, head.http11());
                break;
            }
            if (head.contentLength() > config.maxBodyBytes()) {
                answerAndClose(413, head.http11());
                break;
            }
            int next = gatherBody(end);
            inBody = next == 0;
            if (inBody) {
                break;
            }
            if (next < 0) {
                answerAndClose(-next, head.http11());
                break;
            }
            handle();
            pos = next;
            scanned = 0;
            headStart = 0;
            continueSent = false;
        }
        flush();
    }

    /**
     * The offset just past the head at {@link #pos}; 0 while incomplete; a negated status (400, 414, 431) to
     * answer before closing.
     */
    private int headEnd() {
        int end = RequestParser.findEnd(in, pos, pos + scanned, limit);
        int seen = end > 0 ? end - pos : limit - pos;
        if (seen > config.maxRequestLineBytes()) { // only then can the request line be too long
            int line = RequestParser.requestLineLength(in, pos, pos + seen);
            if ((line < 0 ? seen : line) > config.maxRequestLineBytes()) {
                return -RequestParser.URI_TOO_LONG;
            }
        }
        if (end == RequestParser.BARE_LF) {
            return -RequestParser.BAD_REQUEST;
        }
        if (end > 0) {
            return end - pos > config.maxHeadBytes() ? -RequestParser.HEADERS_TOO_LARGE : end;
        }
        if (limit - pos > config.maxHeadBytes()) {
            return -RequestParser.HEADERS_TOO_LARGE;
        }
        scanned = Math.max(0, limit - pos - 3);
        return 0;
    }

    /**
     * Binds {@link #body} to the request's body if it is all here: the offset just past it; 0 while it is still
     * arriving (after asking for it with {@code 100 Continue} when the client waits for that); a negated status
     * (400, 413) to answer before closing.
     */
    private int gatherBody(int headEnd) {
        int next;
        if (head.chunked()) {
            next = chunks.gather(in, headEnd, limit, config.maxBodyBytes());
            if (next == ChunkedGather.MALFORMED) {
                return -400;
            }
            if (next == ChunkedGather.TOO_LARGE) {
                return -413;
            }
            if (next >= 0) {
                body.reset(chunks.data(), 0, chunks.size());
            }
        } else {
            long length = head.contentLength();
            next = limit - headEnd >= length ? headEnd + (int) length : ChunkedGather.NEED_MORE;
            if (next >= 0) {
                body.reset(in, headEnd, next);
            }
        }
        if (next >= 0) {
            return next;
        }
        if (head.expectContinue() && !continueSent && limit == headEnd) {
            continueSent = true;
            out.write(CONTINUE);
        }
        return 0;
    }

    /** Runs the handler for the parsed request and appends its response. */
    private void handle() {
        counters.started.increment();
        int status = 500;
        long sent = 0;
        boolean keepAlive = head.keepAlive() && !core.draining();
        boolean headRequest = head.method() == "HEAD"; // interned by the parser
        try {
            request.reset();
            HttpResponse response = respond();
            if (response.bodyKind() == HttpResponse.BodyKind.FILE) {
                LOG.log(Level.WARNING, "a file response needs HandlerMode.VIRTUAL_THREAD: " + head.target());
                response = HttpResponse.text(500, "500 Internal Server Error\n");
            }
            status = response.status();
            if (core.draining() || response.closesConnection()
                    || ResponseEncoding.needsClose(response, head.http11())) {
                keepAlive = false;
            }
            int mark = out.count;
            out.streaming = response.bodyKind() == HttpResponse.BodyKind.STREAM;
            try {
                sent = ResponseEncoding.write(out, response, headRequest, keepAlive, head.http11());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "response body failed for " + head.method() + " " + head.target(), e);
                out.count = mark; // nothing of it was sent: answer 500 instead
                status = 500;
                keepAlive = false;
                sent = ResponseEncoding.error(out, 500, false, head.http11());
            }
            if (!keepAlive) {
                closing = true;
            }
        } finally {
            counters.finished(status);
            if (ACCESS.isLoggable(Level.DEBUG)) {
                ACCESS.log(Level.DEBUG, head.method() + " " + head.target() + " " + status + " " + sent);
            }
        }
    }

    private HttpResponse respond() {
        try {
            HttpResponse response = config.handler().handle(request);
            if (response == null) {
                throw new IllegalStateException("the handler returned null");
            }
            return response;
        } catch (BodyTooLargeException e) {
            closing = true;
            return HttpResponse.text(413, "413 Content Too Large\n");
        } catch (Exception e) {
            LOG.log(Level.WARNING, "handler failed for " + head.method() + " " + head.target(), e);
            return HttpResponse.text(500, "500 Internal Server Error\n");
        }
    }

    private void answerAndClose(int status, boolean http11) {
        counters.started.increment();
        ResponseEncoding.error(out, status, false, http11);
        counters.finished(status);
        closing = true;
    }

    // ------------------------------------------------------------------ output

    /** Starts writing the queued output unless a write is in flight (its completion writes the rest). */
    private void flush() {
        if (writing || out.count == 0 || state.get() == CLOSED) {
            return;
        }
        if (outView.array() != out.buf) {
            outView = ByteBuffer.wrap(out.buf);
        }
        outView.limit(out.count).position(0);
        writing = true;
        deadline.arm(eventNs + writeNs);
        socket.writeAsync(outView, null, this); // copies into the socket's staging: the array stays ours
    }

    /** A write settled (on the loop thread). */
    @Override
    public void completed(int bytes, IOException failure) {
        writing = false;
        eventNs = System.nanoTime();
        if (failure != null) {
            closeNow();
            return;
        }
        counters.bytesOut.add(bytes);
        int left = out.count - bytes;
        if (left > 0) {
            System.arraycopy(out.buf, bytes, out.buf, 0, left); // a short write, or responses queued meanwhile
        }
        out.count = left;
        if (!closing && pos < limit) {
            process(); // requests held back while the output was full
        } else {
            flush();
        }
        if (closing && !writing && out.count == 0) {
            closeNow();
            return;
        }
        if (receivePaused && !receiving && !closing && out.count < OUTPUT_PAUSE) {
            receive();
        }
        settleState();
    }

    /** After an event: arms the deadline of what the connection now waits for, and marks it idle if it is. */
    private void settleState() {
        if (writing) {
            return; // armed when the write started
        }
        if (pos < limit) {
            if (inBody) {
                deadline.arm(eventNs + readNs);
            } else if (headStart != 0) {
                deadline.arm(headStart + headNs);
            }
            return; // else the output is full and requests wait their turn
        }
        deadline.arm(eventNs + idleNs);
        state.compareAndSet(BUSY, IDLE);
    }

    /**
     * The output array; while a streamed body is written, a body past {@link #MAX_STREAMED_BYTES} fails the
     * handler's write instead of growing it (a body given as bytes is already in memory and is copied whole).
     */
    private static final class HeldOutput extends ResponseBytes {
        boolean streaming;

        @Override
        void writeBody(byte[] body, int off, int len) throws IOException {
            if (streaming && count + len > MAX_STREAMED_BYTES + OUTPUT_PAUSE) {
                throw new IOException("a response body streamed on the event loop is held in memory, at most "
                        + MAX_STREAMED_BYTES + " bytes: stream larger bodies with HandlerMode.VIRTUAL_THREAD");
            }
            super.writeBody(body, off, len);
        }
    }

    // ------------------------------------------------------------------ closing

    /** Loop thread: closes the socket once, and leaves the server's books. */
    private void closeNow() {
        state.set(CLOSED);
        closing = true;
        closeSocket();
        if (!ended) {
            ended = true;
            core.ended(this, socket);
        }
    }

    @Override
    void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
