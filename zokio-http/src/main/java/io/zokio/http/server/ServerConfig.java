package io.zokio.http.server;

import io.zokio.http.HandlerMode;
import io.zokio.http.HttpHandler;
import io.zokio.tls.TlsConfig;
import java.time.Duration;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>What every connection of one server shares: the handler and where it runs, TLS (null: plain), limits and
 * timeouts.
 *
 * @param maxRequestLineBytes longest request line, CRLF included (414 beyond)
 * @param maxHeadBytes longest head, request line to the empty line (431 beyond)
 * @param maxHeaders most header fields (431 beyond)
 * @param maxBodyBytes largest request body (413 beyond)
 * @param headTimeout the whole head must arrive within this, counted from its first byte
 * @param idleTimeout longest wait for the first byte of the next request on a kept-alive connection
 * @param readTimeout longest wait for each read of a request body
 * @param writeTimeout longest wait for each write
 */
public record ServerConfig(HttpHandler handler, HandlerMode handlerMode, TlsConfig tls, int maxRequestLineBytes, int maxHeadBytes,
                           int maxHeaders, long maxBodyBytes, Duration headTimeout, Duration idleTimeout,
                           Duration readTimeout, Duration writeTimeout) {
}
