package io.zokio.http;

/**
 * A snapshot of one server's counters since it started ({@link HttpServer#metrics()}).
 *
 * @param requests responses sent (including the server's own error answers)
 * @param informational responses with a 1xx status
 * @param successful responses with a 2xx status
 * @param redirection responses with a 3xx status
 * @param clientErrors responses with a 4xx status
 * @param serverErrors responses with a 5xx status
 * @param inFlight requests being handled now
 * @param openConnections connections open now
 * @param acceptedConnections connections admitted
 * @param rejectedConnections connections closed on arrival (over the limit, or while closing)
 * @param failedConnections connections ended by an unexpected exception in the server (a bug, logged)
 * @param bytesIn bytes read from clients (after TLS decryption)
 * @param bytesOut bytes written to clients (before TLS encryption)
 */
public record HttpMetrics(long requests, long informational, long successful, long redirection, long clientErrors,
                          long serverErrors, int inFlight, int openConnections, long acceptedConnections,
                          long rejectedConnections, long failedConnections, long bytesIn, long bytesOut) {
}
