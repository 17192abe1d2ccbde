package io.zokio.bench.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * <b>Threading:</b> {@link #run} from any thread; it blocks until done (bounded by a timeout).
 *
 * <p>The Netty ping-pong baseline: a {@link NettyEchoServer} on one single-threaded group and a client on another,
 * the client sending "PING\n" and, when the 5-byte echo is complete, writing the received buffer back (no
 * allocation per round trip, as a tuned Netty client would).
 */
public final class NettyPingPong {
    private static final byte[] PING = {'P', 'I', 'N', 'G', '\n'};

    private NettyPingPong() {
    }

    /** Runs {@code warmup + measured} round trips; returns the seconds taken by the measured ones. */
    public static double run(NettyTransport transport, long warmup, long measured, long timeoutSeconds)
            throws IOException, InterruptedException {
        try (NettyEchoServer server = NettyEchoServer.start(transport, 0)) {
            MultiThreadIoEventLoopGroup group = transport.newGroup(1);
            try {
                Client client = new Client(warmup, warmup + measured);
                Channel ch = new Bootstrap()
                        .group(group)
                        .channel(transport.socketChannel())
                        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .handler(client)
                        .connect(new InetSocketAddress("127.0.0.1", server.port())).sync().channel();
                try {
                    return client.done.get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new IOException("netty ping-pong failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new IOException("netty ping-pong did not finish within " + timeoutSeconds + " s", e);
                } finally {
                    ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                }
            } finally {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Client handler: one per run (stateful). Runs on the client group's thread. */
    private static final class Client extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Double> done = new CompletableFuture<>();
        private final long warmup;
        private final long total;
        private long roundTrips;
        private int pending; // bytes of the current echo received so far
        private long startNs;

        Client(long warmup, long total) {
            this.warmup = warmup;
            this.total = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (warmup == 0) {
                startNs = System.nanoTime();
            }
            ctx.writeAndFlush(ctx.alloc().directBuffer(PING.length).writeBytes(PING), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            pending += buf.readableBytes();
            if (pending < PING.length) {
                buf.release(); // a partial echo: wait for the rest
                return;
            }
            pending = 0;
            roundTrips++;
            if (roundTrips == warmup) {
                startNs = System.nanoTime();
            }
            if (roundTrips >= total) {
                buf.release();
                done.complete((System.nanoTime() - startNs) / 1e9);
                return;
            }
            if (buf.readableBytes() == PING.length) {
                ctx.writeAndFlush(buf, ctx.voidPromise()); // send the echo back as the next ping
            } else {
                buf.release();
                ctx.writeAndFlush(ctx.alloc().directBuffer(PING.length).writeBytes(PING), ctx.voidPromise());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new IOException("connection closed after " + roundTrips + " round trips"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }
    }
}
