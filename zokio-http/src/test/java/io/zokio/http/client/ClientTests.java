package io.zokio.http.client;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assumptions;

/** Shared by the client tests: runtimes per backend (io_uring skips where unavailable), running on them. */
final class ClientTests {
    private ClientTests() {
    }

    static Runtime runtime(BackendKind kind) {
        try {
            return Runtime.builder().workers(2).backend(kind).build();
        } catch (RuntimeException | LinkageError e) {
            Assumptions.assumeTrue(kind != BackendKind.IO_URING, "io_uring unavailable: " + e);
            throw e;
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

    /** Reads a line ending in LF (CR stripped), or null at end of stream before any byte. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
