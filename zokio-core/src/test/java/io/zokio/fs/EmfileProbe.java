package io.zokio.fs;

import io.zokio.loop.BackendKind;
import io.zokio.loop.ErrnoException;
import io.zokio.runtime.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Run by {@link EmfileTest} in a child JVM whose descriptor limit was lowered: opens one file until the
 * process runs out of descriptors and prints the exception that AsyncFile.open threw, then proves the runtime
 * still works after the files are closed. Not a test itself.
 */
public final class EmfileProbe {
    private EmfileProbe() {
    }

    public static void main(String[] args) throws Exception {
        BackendKind backend = BackendKind.valueOf(args[0]);
        Path file = Files.createTempFile("emfile", ".bin");
        try (Runtime rt = Runtime.builder().workers(1).backend(backend).build()) {
            String outcome = rt.spawn(() -> {
                // load the error path's classes now: once descriptors run out the JVM cannot open class files
                try {
                    AsyncFile.open(rt, file.resolveSibling("no-such-file-" + System.nanoTime()), StandardOpenOption.READ);
                } catch (ErrnoException expected) {
                    expected.getMessage();
                }
                List<AsyncFile> open = new ArrayList<>();
                String result = "no error after 100000 opens";
                try {
                    for (int i = 0; i < 100_000; i++) {
                        open.add(AsyncFile.open(rt, file, StandardOpenOption.READ));
                    }
                } catch (ErrnoException e) {
                    result = "CAUGHT syscall=" + e.syscall() + " errno=" + e.errno() + " opened=" + open.size()
                            + " message=" + e.getMessage();
                }
                for (AsyncFile f : open) {
                    f.close();
                }
                AsyncFile.open(rt, file, StandardOpenOption.READ).close(); // usable again
                return result + " RECOVERED";
            }).join();
            System.out.println(outcome);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
