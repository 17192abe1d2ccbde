package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.testing.TestRuntimes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The socket factories without a runtime of their own find one through {@link DefaultRuntime}; what they do not
 * support (a chosen local address) is refused by every variant; the TLS factory reports its context's suites.
 */
@Timeout(60)
class SocketFactoryDefaultsTest {

    @Test
    void outsideATaskTheInstalledRuntimeServesAndAClosedOneIsReplaced() throws Exception {
        Runtime installed = TestRuntimes.customize(Runtime.builder().workers(1).backend(BackendKind.NIO)).build();
        Runtime replacement = null;
        try (Runtime other = TestRuntimes.customize(Runtime.builder().workers(1).backend(BackendKind.NIO)).build()) {
            assertThrows(NullPointerException.class, () -> DefaultRuntime.set(null));
            DefaultRuntime.set(installed);
            assertSame(installed, DefaultRuntime.get());
            assertSame(other, other.blockOn(DefaultRuntime::get), "inside a task, the task's own runtime");
            installed.close();
            replacement = DefaultRuntime.get();
            assertNotSame(installed, replacement, "a closed runtime is not handed out");
            assertFalse(replacement.isClosed());
            assertSame(replacement, DefaultRuntime.get(), "built once, then kept");
        } finally {
            installed.close();
            if (replacement != null) {
                replacement.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void theNoArgumentSocketAndFactoryUseTheCallingTasksRuntime(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer()) {
            int echoed = rt.blockOn(() -> {
                try (ZokioSocket s = new ZokioSocket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()));
                    try (Socket p = peer.take(); Socket t = new ZokioSocketFactory().createSocket(
                            InetAddress.getLoopbackAddress(), peer.port()); Socket q = peer.take()) {
                        s.getOutputStream().write(7);
                        p.getOutputStream().write(p.getInputStream().read() + 1);
                        t.getOutputStream().write(1);
                        assertEquals(1, q.getInputStream().read());
                        return s.getInputStream().read();
                    }
                }
            });
            assertEquals(8, echoed);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void bindingAClientSocketToALocalAddressIsRefusedByEveryFactory(BackendKind kind) throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (Runtime rt = ZokioSocketTest.open(kind)) {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, null, null);
            for (SocketFactory f : new SocketFactory[] {new ZokioSocketFactory(rt),
                new ZokioSslSocketFactory(rt, ctx, true)}) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> f.createSocket("localhost", 1, lo, 0));
                assertTrue(e.getMessage().contains("local address"), e.getMessage());
                assertThrows(UnsupportedOperationException.class, () -> f.createSocket(lo, 1, lo, 0));
            }
        }
    }

    @Test
    void theTlsFactoryReportsItsContextsCipherSuites() throws Exception {
        SSLContext def = SSLContext.getDefault();
        SSLSocketFactory jdk = def.getSocketFactory();
        for (SSLSocketFactory f : new SSLSocketFactory[] {new ZokioSslSocketFactory(), new ZokioSslSocketFactory(def)}) {
            assertArrayEquals(jdk.getDefaultCipherSuites(), f.getDefaultCipherSuites());
            assertArrayEquals(jdk.getSupportedCipherSuites(), f.getSupportedCipherSuites());
        }
        SSLContext tls12 = SSLContext.getInstance("TLSv1.2");
        tls12.init(null, null, null);
        assertArrayEquals(tls12.getSocketFactory().getSupportedCipherSuites(),
                new ZokioSslSocketFactory(tls12).getSupportedCipherSuites());
        assertThrows(NullPointerException.class, () -> new ZokioSslSocketFactory((SSLContext) null));
    }
}
