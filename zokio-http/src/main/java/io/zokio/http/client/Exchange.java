package io.zokio.http.client;

import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;

/**
 * One attempt at one request on one connection: send the request, read heads until the final (non-1xx) one,
 * and hand back the response with its body stream, which now owns the connection. Any failure before that
 * closes the connection.
 *
 * <p>On a reused connection a failure that shows the server had closed it before reading the request (end of
 * stream or a reset before any response byte) is reported as {@link StaleConnectionException}, for the client
 * to decide about a retry. When the server closes while the request is still being sent (it answered early,
 * say {@code 413}, and stopped reading), the answer it sent before closing is returned if it can still be
 * read; the connection is then not reused.
 */
final class Exchange {
    private Exchange() {
    }

    static StreamedResponse run(Connection c, ClientRequest request, Origin origin, Deadline deadline,
                                ClientSettings settings) throws IOException {
        boolean handedOver = false;
        WireReader in = c.reader();
        in.startExchange();
        try {
            boolean close = Framing.hasToken(request.headers().all("Connection"), "close");
            Transport out = c.transport();
            ResponseHead head;
            if (expectsContinue(request)) {
                head = send(c, in, deadline, settings, () -> RequestWriter.writeHead(out, request, origin, deadline));
                if (head == null) {
                    head = awaitContinue(c, in, deadline, settings);
                    if (head == null) {
                        head = send(c, in, deadline, settings, () -> RequestWriter.writeBody(out, request, deadline));
                    }
                }
            } else {
                head = send(c, in, deadline, settings, () -> RequestWriter.write(out, request, origin, deadline));
            }
            if (head == null) {
                head = finalHead(c, in, deadline, settings);
            } else {
                close = true; // answered before the whole request was sent
            }
            Framing framing = Framing.of(request.method(), head, close);
            BodyStream body = BodyStream.of(framing, c, deadline, settings.maxHeadBytes());
            handedOver = true;
            return new StreamedResponse(request, head, body);
        } finally {
            if (!handedOver) {
                c.discard();
            }
        }
    }

    /** A step that sends part of the request. */
    @FunctionalInterface
    private interface Sending {
        void run() throws IOException;
    }

    /**
     * Runs {@code sending}: null when it completed, else the answer the server sent before it closed the
     * connection under the request (a broken pipe or reset while sending), if that answer can be read.
     */
    private static ResponseHead send(Connection c, WireReader in, Deadline deadline, ClientSettings settings,
                                     Sending sending) throws IOException {
        try {
            sending.run();
            return null;
        } catch (IOException e) {
            if (!peerClosedWhileSending(e)) {
                throw staleOr(c, in, e);
            }
            return earlyAnswer(c, in, deadline, settings, e);
        }
    }

    /** Reads heads until the final one; interim 1xx responses are skipped. */
    private static ResponseHead finalHead(Connection c, WireReader in, Deadline deadline, ClientSettings settings)
            throws IOException {
        while (true) {
            ResponseHead head;
            try {
                head = HeadParser.read(in, deadline, settings.maxHeadBytes());
            } catch (IOException e) {
                throw staleOr(c, in, e);
            }
            if (head == null) {
                EOFException eof = new EOFException("connection closed by the server before the response");
                throw c.reused() ? new StaleConnectionException(eof) : eof;
            }
            if (head.status() == 101) {
                throw new MalformedResponseException("101 Switching Protocols without an upgrade request");
            }
            if (!head.informational()) {
                return head;
            }
        }
    }

    private static boolean expectsContinue(ClientRequest request) {
        return !(request.body() instanceof RequestBody.None)
                && Framing.hasToken(request.headers().all("Expect"), "100-continue");
    }

    /**
     * After a head with {@code Expect: 100-continue}: null when the body is to be sent (100 came, or nothing came
     * within the continue timeout, RFC 9110 section 10.1.1), else the final response that answered the request
     * first. Waiting in vain leaves a timed-out read on the connection, which is therefore not reused.
     */
    private static ResponseHead awaitContinue(Connection c, WireReader in, Deadline deadline,
                                              ClientSettings settings) throws IOException {
        while (true) {
            if (in.buffered() == 0) {
                int n;
                try {
                    n = in.fill(deadline.within(settings.expectContinueTimeout()), "response head");
                } catch (SocketTimeoutException e) {
                    deadline.remaining(); // the request's own deadline passed: that timeout wins
                    return null;
                } catch (IOException e) {
                    throw staleOr(c, in, e);
                }
                if (n < 0) {
                    EOFException eof = new EOFException("connection closed by the server before the response");
                    throw c.reused() ? new StaleConnectionException(eof) : eof;
                }
            }
            ResponseHead head;
            try {
                head = HeadParser.read(in, deadline, settings.maxHeadBytes());
            } catch (IOException e) {
                throw staleOr(c, in, e);
            }
            if (head == null) {
                throw new EOFException("connection closed by the server before the response");
            }
            if (head.status() == 100) {
                return null;
            }
            if (head.status() == 101) {
                throw new MalformedResponseException("101 Switching Protocols without an upgrade request");
            }
            if (!head.informational()) {
                return head;
            }
        }
    }

    /** The response the server sent before it stopped reading the request, else {@code sendFailure}. */
    private static ResponseHead earlyAnswer(Connection c, WireReader in, Deadline deadline, ClientSettings settings,
                                            IOException sendFailure) throws IOException {
        try {
            return finalHead(c, in, deadline, settings);
        } catch (StaleConnectionException e) {
            throw new StaleConnectionException(sendFailure);
        } catch (IOException e) {
            if (in.receivedAny()) {
                throw e; // part of an answer came: its failure says more
            }
            throw staleOr(c, in, sendFailure);
        }
    }

    /** Whether sending failed because the peer closed or reset the connection. */
    private static boolean peerClosedWhileSending(IOException e) {
        int errno = ErrnoException.errnoOf(e);
        return errno == Errno.EPIPE || errno == Errno.ECONNRESET;
    }

    /** {@code e} as a stale-connection signal when the connection was reused and nothing came back yet. */
    private static IOException staleOr(Connection c, WireReader in, IOException e) {
        if (e instanceof StaleConnectionException) {
            return e;
        }
        boolean abandoned = e instanceof SocketTimeoutException || e instanceof InterruptedIOException
                || e instanceof ClosedByInterruptException || e instanceof MalformedResponseException;
        if (c.reused() && !abandoned && !in.receivedAny() && !Thread.currentThread().isInterrupted()) {
            return new StaleConnectionException(e);
        }
        return e;
    }
}
