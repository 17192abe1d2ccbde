package io.zokio.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.internal.PlatformDependent;
import io.zokio.bench.tls.TlsServerArgs;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLException;

/**
 * <b>Threading:</b> handlers run on the group's threads.
 *
 * <p>The {@code netty-jdk} and {@code netty-openssl} TLS servers: {@code SslHandler} first in every pipeline,
 * from an {@link SslContext} on the JDK provider or on BoringSSL (netty-tcnative, native crypto), TLS 1.3 only,
 * on the epoll transport with {@code --threads} event loops (default one per core), pooled allocator,
 * TCP_NODELAY; then the canonical echo handler, or a sink that releases what it reads and answers one byte per
 * MiB.
 */
public final class NettyTlsServer {
    private NettyTlsServer() {
    }

    public static void main(String[] args) throws Exception {
        TlsServerArgs a = TlsServerArgs.parse(args);
        boolean openssl = a.provider().equals("openssl");
        String cause = NettyTransport.EPOLL.unavailabilityCause();
        if (cause == null && openssl && !OpenSsl.isAvailable()) {
            cause = "netty-tcnative unavailable: " + OpenSsl.unavailabilityCause();
        }
        if (cause != null) {
            System.err.println("netty tls server cannot start: " + cause);
            System.exit(1);
        }
        SslContext ssl = SslContextBuilder.forServer(a.cert().toFile(), a.key().toFile())
                .sslProvider(openssl ? SslProvider.OPENSSL : SslProvider.JDK).protocols("TLSv1.3").build();
        MultiThreadIoEventLoopGroup group = NettyTransport.EPOLL.newGroup(a.threads());
        int echoPort = bind(group, ssl, a.port(), true);
        int sinkPort = bind(group, ssl, 0, false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "netty-tls-shutdown"));
        TlsServerArgs.printReady(echoPort, sinkPort, openssl ? "netty-openssl" : "netty-jdk", "threads=" + a.threads()
                + " netty_unsafe=" + PlatformDependent.hasUnsafe() + (openssl ? " openssl=" + OpenSsl.versionString()
                .replace(' ', '_') : ""));
        stopped.await();
    }

    private static int bind(MultiThreadIoEventLoopGroup group, SslContext ssl, int port, boolean echo)
            throws InterruptedException, SSLException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NettyTransport.EPOLL.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast(echo ? NettyEchoServer.EchoHandler.INSTANCE : new SinkHandler());
                    }
                });
        Channel ch = b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** Discards what it reads; one byte back per {@link TlsServerArgs#ACK_BYTES} received. */
    static final class SinkHandler extends ChannelInboundHandlerAdapter {
        private long received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            long before = received / TlsServerArgs.ACK_BYTES;
            received += b.readableBytes();
            b.release();
            long acks = received / TlsServerArgs.ACK_BYTES - before;
            if (acks > 0) {
                ByteBuf out = ctx.alloc().buffer((int) acks);
                out.writeZero((int) acks);
                ctx.writeAndFlush(out, ctx.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
