package io.zokio.loop;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * <b>Threading:</b> any thread. JFR events of the loop layer that the backends report; recorded only while a
 * recording enables them.
 */
public final class LoopEvents {
    private LoopEvents() {
    }

    @Name("io.zokio.BackendFallback")
    @Label("Backend fallback")
    @Category({"Zokio", "Loop"})
    @Description("io_uring was unavailable and a loop fell back to the NIO backend")
    static final class BackendFallback extends Event {
        @Label("Cause")
        String cause;
    }

    @Name("io.zokio.CompletionQueueOverflow")
    @Label("Completion queue overflow")
    @Category({"Zokio", "Loop"})
    @Description("The io_uring completion queue overflowed; the loop drained the kernel's overflow list")
    static final class CompletionQueueOverflow extends Event {
        @Label("Completions ready")
        int ready;
    }

    static void backendFallback(String cause) {
        BackendFallback e = new BackendFallback();
        if (e.shouldCommit()) {
            e.cause = cause;
            e.commit();
        }
    }

    /** Reported by a backend that found its completion queue overflowed. */
    public static void completionQueueOverflow(int ready) {
        CompletionQueueOverflow e = new CompletionQueueOverflow();
        if (e.shouldCommit()) {
            e.ready = ready;
            e.commit();
        }
    }
}
