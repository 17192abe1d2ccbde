/**
 * Runnable examples of the Zokio completion API.
 *
 * <p>{@link io.zokio.examples.EchoServer} is a loop-native TCP echo server. Its invariants:
 * <ol>
 *   <li>Everything it owns (listener, connections, their buffers and completions) is touched only by the
 *       server's loop thread; the only cross-thread entry points are {@link io.zokio.examples.EchoServer#stop()}
 *       and {@link io.zokio.examples.EchoServer#close()}, which go through {@code EventLoop.stop()}.</li>
 *   <li>Each connection has exactly one operation in flight at any time (RECV, then SEND until everything read
 *       was written, then RECV again), so one {@code Completion} and one 4 KiB native buffer per connection
 *       suffice; the buffer is never touched while that completion is active.</li>
 *   <li>Connection objects are pooled and reused; the steady-state echo path allocates nothing.</li>
 *   <li>Shutdown: stop the loop, close every descriptor, then close the loop, which cancels what is still in
 *       flight and runs each callback once; callbacks then only return their connection to the pool.</li>
 * </ol>
 */
package io.zokio.examples;
