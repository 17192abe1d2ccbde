package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.net.UnixStream;
import io.zokio.runtime.Runtime;
import java.io.DataInputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ZokioUnixSocketFactory} and {@link ZokioSocket} over a Unix domain socket, against the JDK's own
 * {@link ServerSocketChannel} of the UNIX family, on both backends.
 */
@Timeout(60)
class UnixSocketBridgeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aFactoryMadeFromAPathStringConnectsThereWhateverHostItIsGiven(BackendKind kind) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve(".s.PGSQL.5432"));
        try (Runtime rt = ZokioSocketTest.open(kind);
             ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(path);
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(4);
                    while (b.hasRemaining() && c.read(b) >= 0) {
                        // read all four
                    }
                    c.write(b.flip());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // the PostgreSQL driver's way: instantiate with the String argument, createSocket(), connect(host:port)
            SocketFactory f = ZokioUnixSocketFactory.class.getConstructor(String.class)
                    .newInstance(path.getPath().toString());
            String echoed = rt.blockOn(() -> {
                try (Socket s = f.createSocket()) { // the task's runtime, as DefaultRuntime finds it
                    s.setTcpNoDelay(true); // recorded only: the driver sets it on every socket
                    s.setKeepAlive(true);
                    s.setReceiveBufferSize(64 * 1024);
                    s.connect(InetSocketAddress.createUnresolved("db.invalid", 5432), 10_000);
                    assertTrue(s.getTcpNoDelay());
                    assertTrue(s.getReceiveBufferSize() > 0);
                    assertEquals(path, s.getRemoteSocketAddress());
                    assertEquals(UnixDomainSocketAddress.of(""), s.getLocalSocketAddress());
                    assertNull(s.getInetAddress());
                    assertEquals(0, s.getPort());
                    assertEquals(-1, s.getLocalPort());
                    assertInstanceOf(UnixStream.class, ((ZokioSocket) s).stream());
                    s.getOutputStream().write("ping".getBytes());
                    byte[] in = new byte[4];
                    new DataInputStream(s.getInputStream()).readFully(in);
                    assertEquals(-1, s.getInputStream().read());
                    return new String(in);
                }
            });
            assertEquals("ping", echoed);
            echo.get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aPlainZokioSocketTakesAUnixAddressAndAMissingFileIsAConnectException(BackendKind kind) throws Exception {
        Path missing = dir.resolve("missing.sock");
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            ConnectException e = assertThrows(ConnectException.class, () -> on(rt, () -> {
                try (ZokioSocket s = new ZokioSocket(rt)) {
                    s.connect(UnixDomainSocketAddress.of(missing));
                }
                return null;
            }));
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
            ConnectException viaFactory = assertThrows(ConnectException.class, () -> on(rt,
                    () -> new ZokioUnixSocketFactory(rt, UnixDomainSocketAddress.of(missing)).createSocket("x", 1)));
            assertTrue(viaFactory.getMessage().contains("No such file or directory"), viaFactory.getMessage());
        }
    }

    /** Runs {@code body} on a virtual thread of {@code rt} and rethrows what it threw. */
    static <T> T on(Runtime rt, Callable<T> body) throws Exception {
        try {
            return rt.blockOn(body);
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
