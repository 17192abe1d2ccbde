package io.zokio.bench.netty;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;

/** <b>Threading:</b> immutable; any thread. The Netty transports used as baselines. */
public enum NettyTransport {
    EPOLL("netty-epoll"),
    IO_URING("netty-iouring"),
    NIO("netty-nio");

    private final String implName;

    NettyTransport(String implName) {
        this.implName = implName;
    }

    /** The {@code impl=} value. */
    public String implName() {
        return implName;
    }

    /** Null when the transport can run here, else why not (e.g. io_uring refused by the kernel). */
    public String unavailabilityCause() {
        try {
            return switch (this) {
                case EPOLL -> Epoll.isAvailable() ? null : "epoll unavailable: " + Epoll.unavailabilityCause();
                case IO_URING -> IoUring.isAvailable() ? null : "io_uring unavailable: " + IoUring.unavailabilityCause();
                case NIO -> null;
            };
        } catch (LinkageError e) {
            return "native transport failed to load: " + e;
        }
    }

    /** A group of {@code threads} event loops on this transport. */
    public MultiThreadIoEventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends SocketChannel> socketChannel() {
        return switch (this) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    /** Parses {@code epoll}, {@code iouring} (or {@code io_uring}) and {@code nio}. */
    public static NettyTransport parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "epoll" -> EPOLL;
            case "iouring", "io_uring", "uring" -> IO_URING;
            case "nio" -> NIO;
            default -> throw new IllegalArgumentException("transport must be epoll, iouring or nio: " + s);
        };
    }
}
