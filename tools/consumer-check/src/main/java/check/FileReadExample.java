package check;

// README-SNIPPET: file-read
import io.zokio.fs.AsyncFile;
import io.zokio.runtime.Runtime;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
// README-SNIPPET-END

/** The README's file read, compiled against the installed artifact (./zokio consumer-check). */
final class FileReadExample {

    private FileReadExample() {
    }

    static void run() throws Exception {
        // README-SNIPPET: file-read
        try (Runtime rt = Runtime.builder().build()) {
            String text = rt.spawn(() -> {                // a virtual thread
                try (AsyncFile f = AsyncFile.open(Path.of("/etc/os-release"), StandardOpenOption.READ)) {
                    MemorySegment buf = Arena.ofAuto().allocate(f.size());
                    f.readFully(buf, 0);                  // parks the virtual thread, never its carrier
                    return new String(buf.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
                }
            }).join();
            System.out.print(text);
        }
        // README-SNIPPET-END
    }
}
