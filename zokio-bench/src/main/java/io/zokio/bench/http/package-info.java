/**
 * The {@code http_plaintext} and {@code http_json} benches: TechEmpower-style hello-world HTTP/1.1 servers,
 * each in its own JVM, driven by {@code wrk} over loopback ({@link io.zokio.bench.http.HttpHelloBench}).
 *
 * <p>Workload: {@code GET /plaintext} answered with {@code Hello, World!} as {@code text/plain}, and
 * {@code GET /json} with {@code {"message":"Hello, World!"}} as {@code application/json}, serialized per request
 * by one shared Jackson {@code ObjectMapper} ({@link io.zokio.bench.http.Hello}); every response carries Server
 * and Date headers (where the framework sets none, the server adds them, Date formatted once per second). wrk
 * keeps 256 connections open; plaintext runs without pipelining and with 16 requests per write (the
 * {@code pipeline.lua} script shipped with this package), JSON without.
 *
 * <p>Threading of the servers, all given the same count N ({@code --server-threads}, default the number of
 * cores) where the framework takes one: Zokio's {@code HttpHelloServer} runs N workers with a virtual thread per
 * connection; {@link io.zokio.bench.http.NettyHelloServer} N event loops; {@link io.zokio.bench.http.VertxHelloServer}
 * N event loops with one verticle instance (and HTTP server) on each; {@link io.zokio.bench.http.HelidonHelloServer}
 * and {@link io.zokio.bench.http.JdkHelloServer} a virtual thread per connection or exchange, whose carriers
 * every server JVM gets N of ({@code -Djdk.virtualThreadScheduler.parallelism}). All servers are bound to the
 * same cores ({@link io.zokio.bench.http.Affinity}); wrk shares them, which is why requests per server
 * CPU-second is the headline figure rather than requests per second.
 */
package io.zokio.bench.http;
