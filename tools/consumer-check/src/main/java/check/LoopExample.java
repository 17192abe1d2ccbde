package check;

// README-SNIPPET: loop
import io.zokio.loop.*;
import io.zokio.sys.*;
import java.lang.foreign.*;
// README-SNIPPET-END

/** The README's event-loop example (callback style), compiled against the installed artifact. */
final class LoopExample {

    private LoopExample() {
    }

    static void run() throws Exception {
        // README-SNIPPET: loop
        try (EventLoop loop = EventLoop.open(); Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(4096);
            Completion read = new Completion();
            Completion open = new Completion()
                .prepOpenAt(OpenFlags.AT_FDCWD, "/etc/hostname", OpenFlags.O_RDONLY, 0)
                .callback((l, c, fd) -> {
                    if (fd < 0) { System.err.println("open: " + Errno.name(fd)); return Action.DISARM; }
                    l.submit(read.prepRead(fd, buf, 0).callback((l2, c2, n) -> {
                        System.out.print(n >= 0 ? buf.getString(0).substring(0, n) : Errno.name(n));
                        return Action.DISARM;
                    }));
                    return Action.DISARM;
                });
            loop.submit(open);
            loop.submit(new Completion().prepTimeout(1_000_000).callback((l, c, r) -> {
                System.out.println("1 ms timer fired: " + r);
                return Action.DISARM;
            }));
            loop.run(RunMode.UNTIL_DONE);
            System.out.println("backend: " + loop.backendName());
        }
        // README-SNIPPET-END
    }
}
