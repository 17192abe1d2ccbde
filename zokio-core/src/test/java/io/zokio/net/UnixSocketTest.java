package io.zokio.net;

import static io.zokio.net.NetTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import io.zokio.sys.UnixAddress;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** UnixListener and UnixStream by path and by abstract name, in both styles, on each backend. */
@Timeout(60)
class UnixSocketTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void blockingEchoAddressesAndFileRemovedOnClose(BackendKind kind) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        try (Runtime rt = NetTestSupport.open(kind, 2)) {
            UnixListener l = UnixListener.bind(rt, path);
            assertTrue(Files.exists(path.getPath()), "bind creates the socket file");
            assertEquals(path, l.localAddress());
            Task<UnixDomainSocketAddress> server = rt.spawn(() -> {
                try (UnixStream s = l.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(5);
                    s.readFully(b);
                    s.writeAll(b.flip());
                    assertEquals(path, s.localAddress());
                    return s.remoteAddress();
                }
            });
            String echoed = on(rt, () -> {
                try (UnixStream c = UnixStream.connect(rt, path)) {
                    assertEquals(path, c.remoteAddress());
                    assertTrue(c.localUnixAddress().isUnnamed(), "a client is not bound");
                    c.writeAll(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                    ByteBuffer in = ByteBuffer.allocateDirect(5);
                    c.readFully(in);
                    assertEquals(-1, c.read(ByteBuffer.allocate(1))); // the server closed after echoing
                    byte[] out = new byte[5];
                    in.flip().get(out);
                    return new String(out, StandardCharsets.US_ASCII);
                }
            });
            assertEquals("hello", echoed);
            assertEquals(UnixDomainSocketAddress.of(""), server.join(), "the JDK's form of an unbound peer");
            l.close();
            assertFalse(l.isOpen());
            assertFalse(Files.exists(path.getPath()), "close removes the socket file the bind created");
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void asyncConnectAcceptAndEcho(BackendKind kind) throws Exception {
        UnixAddress path = UnixAddress.ofPath(dir.resolve("async.sock"));
        try (Runtime rt = NetTestSupport.open(kind, 2);
             UnixListener l = UnixListener.bind(rt, path, 16)) {
            CompletableFuture<Void> served = l.acceptAsync(Duration.ofSeconds(30)).thenCompose(s -> {
                ByteBuffer buf = ByteBuffer.allocate(64);
                return s.readAsync(buf, null).thenCompose(n -> s.writeAllAsync(buf.flip(), null))
                        .whenComplete((v, e) -> s.closeQuietly());
            });
            ByteBuffer back = ByteBuffer.allocate(3);
            UnixStream c = UnixStream.connectAsync(rt, path, Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
            c.writeAllAsync(ByteBuffer.wrap(new byte[] {1, 2, 3}), null).get(30, TimeUnit.SECONDS);
            while (back.hasRemaining()) {
                assertTrue(c.readAsync(back, null).get(30, TimeUnit.SECONDS) > 0);
            }
            served.get(30, TimeUnit.SECONDS);
            assertEquals(1, back.get(0));
            assertEquals(3, back.get(2));
            c.close();
        }
        assertFalse(Files.exists(path.path()));
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void bindOnAnExistingPathFailsAndRemovesNothing(BackendKind kind) throws Exception {
        Path taken = Files.writeString(dir.resolve("taken.sock"), "not mine");
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            BindException e = assertThrows(BindException.class,
                    () -> UnixListener.bind(rt, UnixDomainSocketAddress.of(taken)));
            assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
            assertEquals("not mine", Files.readString(taken));
            // a second listener on a live socket's path fails alike, and leaves the first one's file alone
            Path live = dir.resolve("live.sock");
            try (UnixListener first = UnixListener.bind(rt, UnixDomainSocketAddress.of(live))) {
                assertThrows(BindException.class, () -> UnixListener.bind(rt, UnixDomainSocketAddress.of(live)));
                assertTrue(Files.exists(live));
                on(rt, () -> {
                    UnixStream.connect(rt, UnixDomainSocketAddress.of(live)).close();
                    return null;
                });
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void connectFailuresNameThePath(BackendKind kind) throws Exception {
        Path missing = dir.resolve("missing.sock");
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel jdk = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            jdk.bind(UnixDomainSocketAddress.of(stale)); // the JDK's channel leaves its file behind on close
        }
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            ConnectException none = assertThrows(ConnectException.class,
                    () -> on(rt, () -> UnixStream.connect(rt, UnixDomainSocketAddress.of(missing))));
            assertTrue(none.getMessage().contains("No such file or directory"), none.getMessage());
            assertTrue(none.getMessage().contains(missing.toString()), none.getMessage());
            ConnectException refused = assertThrows(ConnectException.class,
                    () -> on(rt, () -> UnixStream.connect(rt, UnixDomainSocketAddress.of(stale))));
            assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());
            var async = assertThrows(ExecutionException.class, () -> UnixStream.connectAsync(rt,
                    UnixAddress.ofPath(missing), null).get(30, TimeUnit.SECONDS));
            assertInstanceOf(ConnectException.class, async.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aPathLongerThanSunPathIsRefusedWithItsLength(BackendKind kind) throws Exception {
        Path longPath = dir.resolve("x".repeat(UnixAddress.MAX_PATH_BYTES));
        try (Runtime rt = NetTestSupport.open(kind, 1)) {
            SocketException bind = assertThrows(SocketException.class,
                    () -> UnixListener.bind(rt, UnixDomainSocketAddress.of(longPath)));
            assertTrue(bind.getMessage().contains("too long"), bind.getMessage());
            assertTrue(bind.getMessage().contains(longPath.toString()), bind.getMessage());
            SocketException connect = assertThrows(SocketException.class,
                    () -> on(rt, () -> UnixStream.connect(rt, UnixDomainSocketAddress.of(longPath))));
            assertTrue(connect.getMessage().contains("too long"), connect.getMessage());
        }
        assertFalse(Files.exists(longPath));
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void theRuntimesShutdownRemovesTheSocketFile(BackendKind kind) throws Exception {
        Path p = dir.resolve("shutdown.sock");
        Runtime rt = NetTestSupport.open(kind, 1);
        UnixListener l = UnixListener.bind(rt, UnixDomainSocketAddress.of(p));
        assertTrue(Files.exists(p));
        rt.close();
        assertFalse(l.isOpen());
        assertFalse(Files.exists(p));
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void abstractNamesWorkOnIoUringAndAreRefusedWithTheReasonOnNio(BackendKind kind) throws Exception {
        UnixAddress name = UnixAddress.ofAbstract("zokio-test-" + UUID.randomUUID());
        try (Runtime rt = NetTestSupport.open(kind, 2)) {
            if (kind == BackendKind.NIO) {
                UnsupportedOperationException bind = assertThrows(UnsupportedOperationException.class,
                        () -> UnixListener.bind(rt, name, 4));
                assertTrue(bind.getMessage().contains("NIO backend"), bind.getMessage());
                assertTrue(bind.getMessage().contains("@" + name.name()), bind.getMessage());
                assertThrows(UnsupportedOperationException.class,
                        () -> on(rt, () -> UnixStream.connect(rt, name, null)));
                return;
            }
            try (UnixListener l = UnixListener.bind(rt, name, 4)) {
                assertThrows(UnsupportedOperationException.class, l::localAddress);
                Task<UnixAddress> server = rt.spawn(() -> {
                    try (UnixStream s = l.accept()) {
                        ByteBuffer b = ByteBuffer.allocate(2);
                        s.readFully(b);
                        s.writeAll(b.flip());
                        return s.localUnixAddress();
                    }
                });
                UnixAddress peer = on(rt, () -> {
                    try (UnixStream c = UnixStream.connect(rt, name, Duration.ofSeconds(10))) {
                        c.writeAll(ByteBuffer.wrap(new byte[] {7, 9}));
                        ByteBuffer in = ByteBuffer.allocate(2);
                        c.readFully(in);
                        assertEquals(9, in.get(1));
                        return c.remoteUnixAddress();
                    }
                });
                assertEquals(name, peer);
                assertTrue(peer.isAbstract());
                assertEquals(name, server.join());
                // the name is taken while the listener lives
                assertThrows(BindException.class, () -> UnixListener.bind(rt, name, 4));
            }
        }
    }
}
