package io.zokio.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.internal.PlatformDependent;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> handlers run on the group's single event-loop thread.
 *
 * <p>The Netty baseline of the http bench, a static file server as Netty users write one: {@code HttpServerCodec},
 * a small aggregator for request heads, then for GET a body chosen by the file's size. A file of up to
 * {@value #COPY_MAX_BYTES} bytes is read into a pooled {@code ByteBuf} and sent with its head as one
 * {@code DefaultFullHttpResponse} (head and body in one write); a larger one goes as Netty's own
 * {@code HttpStaticFileServer} example sends every file on a plain connection: a
 * {@code DefaultHttpResponse} with Content-Length, a {@link DefaultFileRegion} (zero-copy {@code sendfile} on the
 * epoll and NIO transports) and the last-content marker. Keep-alive honoured. Only paths directly under the root
 * are served (the bench needs no more).
 *
 * <p>Command line: {@code NettyHttpFileServer --root DIR --port P --transport epoll|iouring|nio}; prints
 * {@code http-server listening on 127.0.0.1:<port> backend=netty-<transport> netty_unsafe=<bool>
 * copy_max_bytes=<n>} and exits 0 on SIGTERM.
 */
public final class NettyHttpFileServer {
    /**
     * Files up to this size are copied into the response; larger ones go by {@link DefaultFileRegion}. 16 KiB, the
     * size up to which Zokio's HTTP server copies a file body behind its head too, so the two servers take the
     * same path for each of the bench's files (4 KiB copied, 1 MiB zero-copy).
     */
    public static final int COPY_MAX_BYTES = 16 * 1024;

    private NettyHttpFileServer() {
    }

    static final class FileHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Path root;

        FileHandler(Path root) {
            this.root = root;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String name = req.uri().startsWith("/") ? req.uri().substring(1) : "";
            File f = name.isEmpty() || name.contains("/") || name.contains("..") ? null : root.resolve(name).toFile();
            if (!req.method().equals(HttpMethod.GET) || f == null || !f.isFile()) {
                DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
                HttpUtil.setContentLength(r, 0);
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            RandomAccessFile raf = new RandomAccessFile(f, "r");
            long length = raf.length();
            if (length <= COPY_MAX_BYTES) {
                try (raf) {
                    sendCopied(ctx, raf.getChannel(), (int) length, keepAlive);
                }
            } else {
                sendRegion(ctx, raf, length, keepAlive); // the region closes the file once sent
            }
        }

        /** The file read into a pooled buffer, sent with its head as one full response. */
        private static void sendCopied(ChannelHandlerContext ctx, FileChannel file, int length, boolean keepAlive)
                throws IOException {
            ByteBuf body = ctx.alloc().ioBuffer(length);
            try {
                while (body.writerIndex() < length) {
                    if (body.writeBytes(file, body.writerIndex(), length - body.writerIndex()) < 0) {
                        throw new IOException("file shrank while being read");
                    }
                }
            } catch (IOException | RuntimeException e) {
                body.release();
                throw e;
            }
            DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            HttpUtil.setContentLength(r, length);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            HttpUtil.setKeepAlive(r, keepAlive);
            ChannelFuture done = ctx.writeAndFlush(r);
            if (!keepAlive) {
                done.addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** The head, then the file as a region the transport sends zero-copy, then the last-content marker. */
        private static void sendRegion(ChannelHandlerContext ctx, RandomAccessFile raf, long length,
                                       boolean keepAlive) {
            HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(r, length);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            HttpUtil.setKeepAlive(r, keepAlive);
            ctx.write(r);
            ctx.write(new DefaultFileRegion(raf.getChannel(), 0, length), ctx.newProgressivePromise());
            ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                last.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        String root = null;
        int port = -1;
        NettyTransport transport = NettyTransport.EPOLL;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--root" -> root = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--transport" -> transport = NettyTransport.parse(args[i + 1]);
                default -> port = -1;
            }
        }
        String cause = transport.unavailabilityCause();
        if (root == null || port < 0 || cause != null) {
            System.err.println("netty http server cannot start: "
                    + (cause != null ? cause : "usage: --root DIR --port P --transport epoll|iouring|nio"));
            System.exit(cause != null ? 1 : 2);
        }
        Path dir = Path.of(root).toAbsolutePath().normalize();
        MultiThreadIoEventLoopGroup group = transport.newGroup(1);
        Channel ch = new ServerBootstrap().group(group).channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192), new FileHandler(dir));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "netty-http-shutdown"));
        System.out.println("http-server listening on 127.0.0.1:" + ((InetSocketAddress) ch.localAddress()).getPort()
                + " backend=" + transport.implName() + " netty_unsafe=" + PlatformDependent.hasUnsafe()
                + " copy_max_bytes=" + COPY_MAX_BYTES);
        System.out.flush();
        stopped.await();
    }
}
