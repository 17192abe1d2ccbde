/**
 * Zokio's sockets and files behind the JDK's own extension points, so that libraries written against them run on
 * Zokio without changes: a {@link java.net.Socket} backed by a {@link io.zokio.net.TcpStream} or a
 * {@link io.zokio.net.UnixStream} ({@link io.zokio.bridge.ZokioSocket}) and the {@link javax.net.SocketFactory}s
 * that make them ({@link io.zokio.bridge.ZokioSocketFactory}, configurable by class name;
 * {@link io.zokio.bridge.ZokioUnixSocketFactory}, whose sockets go to one Unix domain socket whatever host they
 * are given, configurable by class name and a path string), an {@link javax.net.ssl.SSLSocketFactory} that
 * layers the JDK's TLS over a {@code ZokioSocket} with hostname verification on
 * ({@link io.zokio.bridge.ZokioSslSocketFactory}), and channel and stream views of {@link io.zokio.fs.AsyncFile}
 * ({@link io.zokio.bridge.AsyncFileChannel}, a {@link java.nio.channels.FileChannel};
 * {@link io.zokio.bridge.FileStreams}).
 *
 * <h2>Which runtime</h2>
 * A bridge made without a runtime uses {@link io.zokio.bridge.DefaultRuntime#get()}: the calling task's runtime,
 * else the one installed with {@link io.zokio.bridge.DefaultRuntime#set}, else a process-wide runtime with
 * default settings, built on first use.
 *
 * <h2>Contracts</h2>
 * The bridges keep the JDK's contracts where a library relies on them: the exception types of
 * {@code java.net.Socket} ({@code ConnectException}, {@code SocketTimeoutException} leaving the socket usable,
 * {@code SocketException} for a socket closed under a blocked read), -1 after {@code shutdownInput}, closing a
 * socket's stream closes the socket; a {@link java.nio.channels.FileChannel}'s position, end-of-file and
 * interrupt rules ({@code map} and file locks are refused with {@code UnsupportedOperationException}). What they
 * do not support is stated on each class.
 *
 * <p><b>Layering:</b> over {@code net}, {@code fs} and the runtime's public API only.
 */
package io.zokio.bridge;
