package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.clientBuilder;
import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static io.zokio.tls.TlsTestSupport.serverBuilder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How a handshake that cannot finish ends: a silent server times it out and the stream stays failed, naming the
 * first failure; a client that closes before sending a record is a handshake failure on the server; each
 * backend.
 */
@Timeout(60)
class TlsHandshakeFailureTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aTimedOutHandshakeLeavesTheStreamFailedWithThatCause(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        // the kernel completes the TCP connection; nobody accepts it, so no ServerHello ever comes
        try (Runtime rt = TlsTestSupport.open(kind, 2);
             ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            on(rt, () -> {
                TcpStream tcp = TcpStream.connect(rt, localhost(silent.getLocalPort()), T);
                try (TlsStream c = TlsStream.client(rt, tcp, clientBuilder(certs.serverCrt).build(), "localhost",
                        silent.getLocalPort())) {
                    c.setReadTimeout(Duration.ofMillis(100));
                    SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class, c::handshake);
                    for (var call : new org.junit.jupiter.api.function.Executable[] {
                        () -> c.read(ByteBuffer.allocate(1)), () -> c.write(ByteBuffer.allocate(1)), c::handshake}) {
                        IOException later = assertThrows(IOException.class, call);
                        assertFalse(later instanceof SSLException, "not a TLS failure: " + later);
                        assertEquals("the TLS connection failed earlier: " + timeout.getMessage(), later.getMessage());
                        assertSame(timeout, later.getCause());
                    }
                }
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void aClientThatClosesBeforeSendingARecordFailsTheServersHandshake(BackendKind kind) throws Exception {
        Certs certs = Certs.get();
        try (Runtime rt = TlsTestSupport.open(kind, 2);
             var server = new TlsTestSupport.Server(rt, serverBuilder(certs.serverP12).build(), s -> s.handshake(T))) {
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                plain.shutdownOutput();
                SSLHandshakeException e = assertInstanceOf(SSLHandshakeException.class, server.next());
                assertEquals("the peer closed the connection during the TLS handshake", e.getMessage(),
                        "nothing of a record arrived");
            }
        }
    }
}
