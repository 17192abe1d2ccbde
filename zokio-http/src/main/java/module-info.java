/**
 * Zokio HTTP: an HTTP/1.1 server and client on Zokio sockets.
 *
 * <p>{@code io.zokio.http} is the server's API, {@code io.zokio.http.client} the client's. {@code io.zokio.http.wire} (the message syntax: head parsing, field
 * validation, status lines, the Date cache) and {@code io.zokio.http.server} (connections, bodies, files) are
 * internal and not exported.
 */
module io.zokio.http {
    requires transitive io.zokio;

    exports io.zokio.http;
    exports io.zokio.http.client;
}
