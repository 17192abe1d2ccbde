package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.fs.AsyncFile;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A close does not wait out the grace period for tasks that wait on peers: it closes listeners first (a pending
 * accept fails at once), closes accepted streams whose read waits idle, lets a request being read finish, and
 * leaves every socket and file of the runtime reporting closed. The grace period is a minute and the timeout
 * 20 s: the test asserts that close completes, not how fast.
 */
class ShutdownPromptTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path dir;

    @Test
    @Timeout(20)
    void closeEndsPendingAcceptsAndIdleReadsButLetsARequestFinish() throws Exception {
        Runtime rt = Runtime.builder().workers(2).backend(RuntimeTestSupport.testBackend())
                .shutdownGrace(Duration.ofSeconds(60)).build();
        TcpListener idleListener = TcpListener.bind(rt, ANY, TcpListener.Options.defaults());
        TcpListener servingListener = TcpListener.bind(rt, ANY, TcpListener.Options.defaults());

        // a task blocked in accept: nobody ever connects
        AtomicReference<Throwable> acceptEnd = new AtomicReference<>();
        Task<Object> acceptor = rt.spawn(() -> {
            try {
                idleListener.accept();
            } catch (Throwable e) {
                acceptEnd.set(e);
            }
            return null;
        });

        // a task reading a keep-alive connection that sends nothing
        AtomicReference<Throwable> idleEnd = new AtomicReference<>();
        CountDownLatch idleAccepted = new CountDownLatch(1);
        Task<Object> idleReader = rt.spawn(() -> {
            try (TcpStream s = servingListener.accept()) {
                idleAccepted.countDown();
                s.read(ByteBuffer.allocate(16));
            } catch (Throwable e) {
                idleEnd.set(e);
            }
            return null;
        });
        Socket idleClient = new Socket(servingListener.localAddress().getAddress(), servingListener.port());
        idleAccepted.await();

        // a task in the middle of a request: it has read "a" and waits for "b", then answers and waits idle
        AtomicReference<Throwable> busyEnd = new AtomicReference<>();
        CountDownLatch gotFirst = new CountDownLatch(1);
        Task<Object> busy = rt.spawn(() -> {
            try (TcpStream s = servingListener.accept()) {
                ByteBuffer b = ByteBuffer.allocate(1);
                s.read(b);
                gotFirst.countDown();
                b.clear();
                s.read(b); // not idle: bytes arrived since the last write
                s.write(ByteBuffer.wrap("ok".getBytes()));
                s.read(ByteBuffer.allocate(1)); // idle now: the shutdown closes the stream
            } catch (Throwable e) {
                busyEnd.set(e);
            }
            return null;
        });
        Socket busyClient = new Socket(servingListener.localAddress().getAddress(), servingListener.port());
        busyClient.setSoTimeout(20_000);
        OutputStream out = busyClient.getOutputStream();
        out.write('a');
        out.flush();
        gotFirst.await();

        // an outbound stream and a file the application leaves open
        TcpListener sink = TcpListener.bind(rt, ANY, TcpListener.Options.defaults()); // no acceptor: the backlog
        TcpStream left = TcpStream.connect(rt, sink.localAddress(), null);
        AsyncFile file = AsyncFile.open(rt, dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);

        Thread closer = Thread.ofPlatform().start(rt::close);
        while (!rt.shutdownWatch().began()) {
            Thread.onSpinWait();
        }
        assertThrows(RuntimeClosedException.class, () -> TcpListener.bind(rt, ANY, TcpListener.Options.defaults()),
                "no new listener once the shutdown began");
        out.write('b'); // the request in progress completes during the grace period
        out.flush();
        InputStream in = busyClient.getInputStream();
        assertEquals('o', in.read());
        assertEquals('k', in.read());
        closer.join();

        assertInstanceOf(ClosedChannelException.class, acceptEnd.get(), "accept ended by the listener's close");
        assertInstanceOf(ClosedChannelException.class, idleEnd.get(), "idle read ended by the shutdown");
        assertInstanceOf(ClosedChannelException.class, busyEnd.get(), "the answered stream closed once idle");
        assertTrue(acceptor.isDone() && idleReader.isDone() && busy.isDone());
        assertFalse(acceptor.isCancelled() || idleReader.isCancelled() || busy.isCancelled(),
                "no task waited for the grace period's end");
        assertFalse(idleListener.isOpen());
        assertFalse(servingListener.isOpen());
        assertFalse(sink.isOpen());
        assertFalse(left.isOpen(), "a stream of a closed runtime reports closed");
        assertFalse(file.isOpen(), "a file of a closed runtime reports closed");
        assertThrows(RuntimeClosedException.class, () -> left.write(ByteBuffer.allocate(1)));
        idleClient.close();
        busyClient.close();
    }
}
