/**
 * HTTP examples on the {@code zokio-http} module: a static file server ({@link
 * io.zokio.examples.http.HttpFileServer}, HTTPS with a certificate) and the benchmark's hello server ({@link
 * io.zokio.examples.http.HttpHelloServer}: plaintext and JSON).
 *
 * <p>Invariants: the file server never serves anything whose real path leaves the root (the module's
 * {@link io.zokio.http.FileHandler}); it takes no request bodies and request heads of at most 8 KiB. Each server
 * owns its runtime and closes it on SIGTERM or Ctrl-C.
 */
package io.zokio.examples.http;
