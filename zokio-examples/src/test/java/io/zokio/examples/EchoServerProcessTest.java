package io.zokio.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command-line server: prints its ready line, echoes, and exits 0 on SIGTERM with clients connected. */
class EchoServerProcessTest {
    private static final Pattern READY = Pattern.compile("echo-server listening on 127\\.0\\.0\\.1:(\\d+) backend=(\\S+)");

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sigtermStopsCleanly() throws Exception {
        sigtermStopsCleanly(List.of());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void vthreadStyleSigtermStopsCleanly() throws Exception {
        sigtermStopsCleanly(List.of("--style", "vthread", "--workers", "2"));
    }

    private static void sigtermStopsCleanly(List<String> extraArgs) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                EchoServer.class.getName(), "--port", "0", "--backend", "nio"));
        cmd.addAll(extraArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            // log lines may come first (without --add-opens the vthread style logs its fallback to SHARED carriers)
            String line;
            Matcher m = READY.matcher("");
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !(m = READY.matcher(line)).find()) {
                seen.append(line).append(" | ");
            }
            assertTrue(line != null, "ready line, got: " + seen);
            assertEquals("nio", m.group(2));
            try (Socket s = new Socket()) {
                s.setSoTimeout(30_000);
                s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))), 30_000);
                s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), s.getInputStream().readNBytes(5));
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "server exited");
                assertEquals(0, p.exitValue(), "exit status after SIGTERM");
                assertEquals(-1, s.getInputStream().read(), "connection closed by the server");
            }
        } finally {
            p.destroyForcibly();
        }
    }
}
