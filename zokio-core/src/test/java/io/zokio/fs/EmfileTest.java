package io.zokio.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.loop.uring.IoUringBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Descriptor exhaustion gives a clear exception: a child JVM runs {@link EmfileProbe} under
 * {@code ulimit -n 256} (only the child's limit is lowered, so no other test is affected) and must report
 * {@code openat} with EMFILE and a message naming the limit, then open files again once it closed its own.
 */
class EmfileTest {
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    @Timeout(150)
    void emfileIsAClearErrnoException(BackendKind backend) throws Exception {
        if (backend == BackendKind.IO_URING) {
            Assumptions.assumeTrue(IoUringBackend.probe().available(), "io_uring refused by the kernel");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of("bash", "-c", "ulimit -n 256 && exec \"$@\"", "probe", javaBin,
                "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                EmfileProbe.class.getName(), backend.name());
        Path log = java.nio.file.Files.createTempFile("emfile-probe", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
        java.nio.file.Files.deleteIfExists(log);
        assertTrue(exited, "the probe hung: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("CAUGHT syscall=openat errno=24"), out);
        assertTrue(out.contains("EMFILE") && out.contains("RLIMIT_NOFILE"), out);
        assertTrue(out.contains("RECOVERED"), out);
    }
}
