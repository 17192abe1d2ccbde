package io.zokio.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> {@link #start} and {@link #close} from any thread; handlers run on the group's thread.
 *
 * <p>The Netty echo server baseline: one single-threaded event loop group (the same thread count as the Zokio
 * echo server) that accepts and serves every connection, pooled allocator, {@code TCP_NODELAY}, the canonical
 * echo handler of Netty's examples (write on read, flush on read-complete).
 *
 * <p>Command line (run by the echo bench as a separate process): {@code NettyEchoServer --port P --transport
 * epoll|iouring|nio}; prints {@code echo-server listening on 127.0.0.1:<port> backend=netty-<transport>} when
 * ready and exits 0 on SIGTERM.
 */
public final class NettyEchoServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final NettyTransport transport;

    private NettyEchoServer(MultiThreadIoEventLoopGroup group, Channel channel, NettyTransport transport) {
        this.group = group;
        this.channel = channel;
        this.transport = transport;
    }

    /** Binds 127.0.0.1:{@code port} (0 for ephemeral) and returns once listening. */
    public static NettyEchoServer start(NettyTransport transport, int port) throws InterruptedException {
        MultiThreadIoEventLoopGroup group = transport.newGroup(1);
        try {
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(EchoHandler.INSTANCE);
            Channel ch = b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            return new NettyEchoServer(group, ch, transport);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public String backendName() {
        return transport.implName();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Echoes every buffer back; shared by all connections (it keeps no state). */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        static final EchoHandler INSTANCE = new EchoHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset by the load client at the end of a run is expected
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = -1;
        NettyTransport transport = NettyTransport.EPOLL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--transport" -> transport = NettyTransport.parse(args[++i]);
                default -> {
                    System.err.println("usage: NettyEchoServer --port P --transport epoll|iouring|nio");
                    System.exit(2);
                }
            }
        }
        String cause = transport.unavailabilityCause();
        if (port < 0 || cause != null) {
            System.err.println("netty echo server cannot start: " + (cause != null ? cause : "--port missing"));
            System.exit(1);
        }
        NettyEchoServer server = start(transport, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
            Runtime.getRuntime().halt(0); // a stop by SIGTERM is a clean exit
        }, "netty-echo-shutdown"));
        System.out.println("echo-server listening on 127.0.0.1:" + server.port() + " backend="
                + server.backendName() + " netty_unsafe=" + PlatformDependent.hasUnsafe());
        System.out.flush();
        stopped.await();
    }
}
