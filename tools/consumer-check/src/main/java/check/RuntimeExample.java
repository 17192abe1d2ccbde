package check;

// README-SNIPPET: runtime
import io.zokio.loop.*;
import io.zokio.sys.*;
import io.zokio.runtime.Runtime;
import java.lang.foreign.*;
// README-SNIPPET-END

/** The README's example of loop operations awaited from a virtual thread, compiled against the installed artifact. */
final class RuntimeExample {

    private RuntimeExample() {
    }

    static void run() throws Exception {
        // README-SNIPPET: runtime
        try (Runtime rt = Runtime.builder().workers(2).build()) {
            var task = rt.spawn(() -> {                       // a virtual thread
                MemorySegment buf = Arena.ofAuto().allocate(4096);
                int fd = rt.submitAndAwait(new Completion()   // parks the virtual thread, not its carrier
                        .prepOpenAt(OpenFlags.AT_FDCWD, "/etc/hostname", OpenFlags.O_RDONLY, 0));
                int n = rt.submitAndAwait(new Completion().prepRead(fd, buf, 0));
                rt.submitAndAwait(new Completion().prepClose(fd));
                return n;
            });
            System.out.println("read " + task.join() + " bytes");
        }
        // README-SNIPPET-END
    }
}
