package io.zokio.fs;

import io.zokio.loop.BackendKind;
import io.zokio.sys.ErrnoException;
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
        // what a failure report needs must be loaded before descriptors run out (time zones, logging)
        java.util.TimeZone.getDefault();
        System.getLogger("io.zokio.fs").log(System.Logger.Level.INFO, "EmfileProbe on " + backend);
        Path file = Files.createTempFile("emfile", ".bin");
        try (Runtime rt = Runtime.builder().workers(1).backend(backend).build()) {
            String outcome = rt.spawn(() -> {
                // load every class of the paths used below now: once descriptors run out the JVM cannot open
                // class files from a directory class path (a jar is already open), and a loop thread that
                // fails to load one dies
                try (AsyncFile warm = AsyncFile.open(rt, file, StandardOpenOption.READ)) {
                    warm.size();
                    warm.read(java.lang.foreign.Arena.global().allocate(16), 0);
                }
                try {
                    AsyncFile.open(rt, file.resolveSibling("no-such-file-" + System.nanoTime()), StandardOpenOption.READ);
                } catch (java.nio.file.NoSuchFileException expected) {
                    expected.getMessage(); // loads the mapped exception's classes too
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
