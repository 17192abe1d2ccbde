package io.zokio.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bench.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The http benches' options and their servers' command lines; no server started. */
class HelloOptionsTest {
    @Test
    void serverThreadsAndWindowParse() {
        Options o = Options.parse(new String[] {"http_plaintext", "--server-threads", "3", "--window", "7"});
        assertEquals(List.of("http_plaintext"), o.names());
        assertEquals(3, o.serverThreads());
        assertEquals(7, o.windowSecs());
        Options d = Options.parse(new String[] {"http_json"});
        assertEquals(0, d.serverThreads());
        assertEquals(0, d.windowSecs());
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--server-threads", "0"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--window"}));
    }

    @Test
    void everyServerGetsTheSameThreadCount() {
        Options o = Options.parse(new String[] {"http_json", "--server-threads", "3"});
        List<HelloImpl> impls = HelloImpl.all(o, 3);
        assertEquals(List.of("zokio-vt", "zokio-loop", "zokio-vt-nio", "netty-http", "vertx", "helidon", "jdk-httpserver"),
                impls.stream().map(HelloImpl::impl).toList());
        for (HelloImpl i : impls) {
            assertTrue(i.args().contains("3"), i.impl() + " " + i.args());
            assertTrue(i.jvmArgs().contains("-Djdk.virtualThreadScheduler.parallelism=3"), i.impl() + " " + i.jvmArgs());
        }
        assertEquals(List.of("--port", "0", "--workers", "3"), impls.getFirst().args());
    }

    @Test
    void helloArgsAndReadyLines() {
        assertEquals(new HelloArgs(8080, 4), HelloArgs.parse(new String[] {"--port", "8080", "--threads", "4"}));
        assertThrows(IllegalArgumentException.class, () -> HelloArgs.parse(new String[] {"--workers", "4"}));
        var zokio = HelloImpl.ZOKIO_READY.matcher("listening on 41234");
        assertTrue(zokio.find());
        assertEquals("41234", zokio.group(1));
        var hosted = HelloImpl.ZOKIO_READY.matcher("http-hello listening on 127.0.0.1:41235 backend=io_uring");
        assertTrue(hosted.find());
        assertEquals("41235", hosted.group(1));
    }

    @Test
    void bodiesAreTheTechEmpowerOnes() {
        assertEquals("Hello, World!", new String(Hello.text(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("{\"message\":\"Hello, World!\"}", new String(Hello.json(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
