package io.zokio.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The input and output streams of a {@link ZokioSocket} follow the JDK socket's streams: zero-length transfers,
 * use after close or half-close, closing a stream closes the socket, and a reset by the peer is a
 * {@link SocketException}; on both backends.
 */
@Timeout(60)
class SocketStreamViewsTest {

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void zeroLengthTransfersReturnAtOnceAndMoveNothing(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer();
             Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port());
             Socket p = peer.take()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            assertSame(in, s.getInputStream(), "one stream per socket, as the JDK's");
            assertSame(out, s.getOutputStream());
            byte[] b = {9, 9, 9, 9};
            assertEquals(0, in.read(b, 1, 0), "a zero-length read does not wait for the peer");
            assertEquals(0, in.available());
            out.write(b, 2, 0);
            out.write(new byte[] {1, 2, 3}, 1, 2);
            assertEquals(2, p.getInputStream().read(), "the zero-length write sent nothing");
            assertEquals(3, p.getInputStream().read());
            assertThrows(IndexOutOfBoundsException.class, () -> in.read(b, 3, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> out.write(b, -1, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void streamsOfAClosedSocketThrowSocketClosed(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer();
             Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port());
             Socket p = peer.take()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            s.close();
            assertEquals("Socket closed", assertThrows(SocketException.class, in::read).getMessage());
            assertEquals("Socket closed", assertThrows(SocketException.class, in::available).getMessage());
            assertEquals("Socket closed", assertThrows(SocketException.class, () -> out.write(1)).getMessage());
            assertEquals(-1, p.getInputStream().read());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aWriteAfterShutdownOutputThrowsWhileReadingGoesOn(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer();
             Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port());
             Socket p = peer.take()) {
            OutputStream out = s.getOutputStream();
            s.shutdownOutput();
            SocketException e = assertThrows(SocketException.class, () -> out.write(1));
            assertEquals("Socket output is shutdown", e.getMessage());
            SocketException twice = assertThrows(SocketException.class, s::shutdownOutput);
            assertEquals("Socket output is already shutdown", twice.getMessage());
            assertEquals(-1, p.getInputStream().read(), "the peer saw FIN");
            p.getOutputStream().write(5);
            assertEquals(5, s.getInputStream().read(), "the other direction still works");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void closingEitherStreamClosesTheSocket(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer()) {
            try (Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port());
                 Socket p = peer.take()) {
                s.getInputStream().close();
                assertTrue(s.isClosed());
                assertEquals(-1, p.getInputStream().read());
            }
            try (Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port());
                 Socket p = peer.take()) {
                s.getOutputStream().close();
                assertTrue(s.isClosed());
                assertEquals(-1, p.getInputStream().read());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aResetByThePeerIsASocketException(BackendKind kind) throws Exception {
        try (Runtime rt = ZokioSocketTest.open(kind); ZokioSocketTest.Peer peer = new ZokioSocketTest.Peer();
             Socket s = new ZokioSocketFactory(rt).createSocket("localhost", peer.port())) {
            Socket p = peer.take();
            p.setSoLinger(true, 0);
            p.close(); // RST
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertEquals("Connection reset", e.getMessage());
            // the connection is gone: writes fail too (a reset or a broken pipe, as the kernel reports it)
            SocketException w = assertThrows(SocketException.class, () -> {
                for (int i = 0; i < 64; i++) {
                    s.getOutputStream().write(new byte[1024]);
                }
            });
            assertTrue(w.getMessage().equals("Connection reset") || w.getMessage().equals("Broken pipe"),
                    w.getMessage());
            assertFalse(s.isClosed(), "a failed transfer does not close the socket; its owner does");
        }
    }
}
