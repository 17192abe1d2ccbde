package io.zokio.http.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;

/**
 * One attempt at one request on one connection: send the request, read heads until the final (non-1xx) one,
 * and hand back the response with its body stream, which now owns the connection. Any failure before that
 * closes the connection. On a reused connection a failure that shows the server had closed it before reading
 * the request (end of stream or a reset before any response byte) is reported as
 * {@link StaleConnectionException}, for the client to decide about a retry.
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
            try {
                RequestWriter.write(c.transport(), request, origin, deadline);
            } catch (IOException e) {
                throw staleOr(c, in, e);
            }
            ResponseHead head;
            do {
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
            } while (head.informational());
            boolean requestClose = Framing.hasToken(request.headers().all("Connection"), "close");
            Framing framing = Framing.of(request.method(), head, requestClose);
            BodyStream body = BodyStream.of(framing, c, deadline, settings.maxHeadBytes());
            handedOver = true;
            return new StreamedResponse(request, head, body);
        } finally {
            if (!handedOver) {
                c.discard();
            }
        }
    }

    /** {@code e} as a stale-connection signal when the connection was reused and nothing came back yet. */
    private static IOException staleOr(Connection c, WireReader in, IOException e) {
        boolean abandoned = e instanceof SocketTimeoutException || e instanceof InterruptedIOException
                || e instanceof ClosedByInterruptException || e instanceof MalformedResponseException;
        if (c.reused() && !abandoned && !in.receivedAny() && !Thread.currentThread().isInterrupted()) {
            return new StaleConnectionException(e);
        }
        return e;
    }
}
