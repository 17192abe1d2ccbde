package io.zokio.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.fs.AsyncFile;
import io.zokio.loop.BackendKind;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application that never closes what it opened (a listener, accepted and connected streams with reads in
 * flight, a file): closing the runtime still gives every descriptor back, on each backend alike.
 */
class CloseReleasesOpenDescriptorsTest {
    private static final int PAIRS = 50;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "backend={0}")
    @ValueSource(strings = {"nio", "uring"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void closeReleasesDescriptorsTheApplicationLeftOpen(String backendName) throws Exception {
        Assumptions.assumeTrue(Probes.procAvailable(), "needs /proc/self/fd and /proc/self/maps");
        BackendKind backend = Backends.require(backendName);
        Path file = Files.write(dir.resolve("f"), new byte[4096]);
        leaveOpenAndClose(backend, file); // warm-up: the JDK's one-time descriptors
        long fds = Probes.openFds();
        long maps = Probes.uringMappings();
        for (int i = 0; i < 3; i++) {
            leaveOpenAndClose(backend, file);
            assertEquals(fds, Probes.openFds(), "descriptors after close of a runtime whose application left "
                    + (2 * PAIRS + 2) + " open (cycle " + i + ")");
            assertEquals(maps, Probes.uringMappings(), "io_uring mappings");
        }
    }

    private static void leaveOpenAndClose(BackendKind backend, Path file) throws Exception {
        Runtime rt = Runtime.builder().workers(2).backend(backend).shutdownGrace(Duration.ZERO)
                .threadNamePrefix("zokio-open-").build();
        List<Task<?>> readers = new ArrayList<>();
        try {
            TcpListener l = TcpListener.bind(rt, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TcpListener.Options.defaults().worker(0));
            CountDownLatch reading = new CountDownLatch(2 * PAIRS);
            for (int i = 0; i < PAIRS; i++) {
                TcpStream client = TcpStream.connect(rt, l.localAddress(), Duration.ofSeconds(30));
                TcpStream server = rt.blockOn(l::accept);
                for (TcpStream s : List.of(client, server)) {
                    readers.add(rt.spawn(() -> { // reads, and never closes its stream
                        reading.countDown();
                        return s.read(ByteBuffer.allocateDirect(16));
                    }));
                }
            }
            rt.blockOn(() -> AsyncFile.open(rt, file, StandardOpenOption.READ)); // never closed
            reading.await();
        } finally {
            rt.close();
        }
        for (Task<?> t : readers) {
            assertTrue(t.isDone(), "reader ended");
        }
    }
}
