package io.zokio.tls;

import javax.net.ssl.SSLException;

/**
 * <b>Threading:</b> immutable once thrown.
 *
 * <p>The peer closed the TCP connection without sending TLS {@code close_notify} first: what was read may be
 * a prefix of what the peer meant to send (a truncation attack, or a peer that crashed or skipped the TLS
 * close). Thrown by reads instead of reporting a clean end of stream.
 */
public class TlsTruncationException extends SSLException {
    private static final long serialVersionUID = 1L;

    public TlsTruncationException(String message) {
        super(message);
    }
}
