/**
 * A static HTTP/1.1 file server on Zokio sockets and virtual threads ({@link
 * io.zokio.examples.http.HttpFileServer}).
 *
 * <p>Invariants: nothing outside the root is ever opened (targets are decoded and checked lexically before a
 * path is built, see {@code HttpPaths}); a request head is at most 8 KiB; every response carries a
 * Content-Length, so keep-alive never depends on closing; each file descriptor is opened, used and closed on
 * the loop that owns the connection's socket, by that connection's virtual thread only.
 */
package io.zokio.examples.http;
