/**
 * Netty 4.2 baselines, configured as Netty recommends for a server: one {@code MultiThreadIoEventLoopGroup}
 * per side with the transport's {@code IoHandler} factory, the pooled allocator, {@code TCP_NODELAY} (Netty's
 * default), write-in-{@code channelRead} and flush-in-{@code channelReadComplete} for echoing.
 *
 * <p>Invariants: every group created here is shut down (gracefully, bounded in time) by whoever started it;
 * a transport that cannot load its native library reports its cause through
 * {@link io.zokio.bench.netty.NettyTransport#unavailabilityCause()} and is skipped, never replaced by another.
 */
package io.zokio.bench.netty;
