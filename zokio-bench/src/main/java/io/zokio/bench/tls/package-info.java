/**
 * The {@code tls} bench: TLS 1.3 servers, each in its own JVM ({@link io.zokio.bench.tls.ZokioTlsServer},
 * {@link io.zokio.bench.tls.JdkSslSocketServer}, {@link io.zokio.bench.netty.NettyTlsServer}), driven by one
 * in-process client on the JDK's {@code SSLSocket} ({@link io.zokio.bench.tls.TlsLoadClient}) and compared by
 * {@link io.zokio.bench.tls.TlsBench}. Every server listens twice: an echo port and a sink port (reads and
 * discards, answering one byte per MiB received).
 */
package io.zokio.bench.tls;
