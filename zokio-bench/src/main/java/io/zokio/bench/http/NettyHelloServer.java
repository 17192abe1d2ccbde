package io.zokio.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import io.zokio.bench.netty.NettyTransport;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> each connection's handler runs on its event loop; the Date value is refreshed by a task on
 * one of them.
 *
 * <p>The {@code netty-http} baseline: Netty's {@code HttpServerCodec} and one handler that answers each
 * {@link HttpRequest} with a {@link FullHttpResponse}, written in {@code channelRead} and flushed in
 * {@code channelReadComplete} (pipelined requests read together leave in one flush); pooled allocator,
 * leak detection off, {@code TCP_NODELAY}; io_uring when Netty can load it here, else epoll. Netty sets no
 * Server or Date header, so the handler adds both (Date formatted once per second).
 *
 * <p>Command line: {@code NettyHelloServer --port P [--threads N]} (N event loops).
 */
public final class NettyHelloServer {
    private NettyHelloServer() {
    }

    static final class HelloHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) {
                    ctx.write(respond(req));
                }
            } finally {
                ReferenceCountUtil.release(msg); // request heads and (empty) contents alike
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private static FullHttpResponse respond(HttpRequest req) {
            String uri = req.uri();
            HttpResponseStatus status = HttpResponseStatus.OK;
            ByteBuf body;
            String type;
            if (req.method().equals(HttpMethod.GET) && uri.equals(Hello.PLAINTEXT_PATH)) {
                body = Unpooled.wrappedBuffer(Hello.text());
                type = Hello.TEXT_TYPE;
            } else if (req.method().equals(HttpMethod.GET) && uri.equals(Hello.JSON_PATH)) {
                body = Unpooled.wrappedBuffer(Hello.json());
                type = Hello.JSON_TYPE;
            } else {
                status = HttpResponseStatus.NOT_FOUND;
                body = Unpooled.EMPTY_BUFFER;
                type = Hello.TEXT_TYPE;
            }
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
            HttpHeaders h = r.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, type);
            h.set(HttpHeaderNames.SERVER, Hello.SERVER_NAME);
            h.set(HttpHeaderNames.DATE, HttpDate.now());
            HttpUtil.setContentLength(r, body.readableBytes());
            if (!HttpUtil.isKeepAlive(req)) {
                h.set(HttpHeaderNames.CONNECTION, "close");
            }
            return r;
        }
    }

    public static void main(String[] args) throws InterruptedException {
        // as Netty users do in production: no leak tracking of the pooled buffers
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        HelloArgs a = HelloArgs.parse(args);
        NettyTransport transport = NettyTransport.IO_URING.unavailabilityCause() == null ? NettyTransport.IO_URING
                : NettyTransport.EPOLL;
        String cause = transport.unavailabilityCause();
        if (cause != null) {
            System.err.println("netty hello server cannot start: " + cause);
            System.exit(1);
        }
        MultiThreadIoEventLoopGroup group = transport.newGroup(a.threads());
        Channel ch = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", a.port())).sync().channel();
        group.next().scheduleAtFixedRate(HttpDate::refresh, 1, 1, TimeUnit.SECONDS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "netty-hello-shutdown"));
        HelloArgs.printReady(((InetSocketAddress) ch.localAddress()).getPort(), transport.implName(), a.threads());
        stopped.await();
    }
}
