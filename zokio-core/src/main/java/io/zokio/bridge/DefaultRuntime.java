package io.zokio.bridge;

import io.zokio.runtime.Runtime;
import java.util.Objects;

/**
 * The runtime a bridge uses when nobody handed it one: the runtime of the calling task ({@link Runtime#current()})
 * if there is one, else a process-wide runtime built with default settings on first use (its workers are daemon
 * threads; it lives as long as the process) or the one installed with {@link #set}.
 *
 * <p><b>Threading:</b> any thread.
 */
public final class DefaultRuntime {
    private static volatile Runtime installed;

    private DefaultRuntime() {
    }

    /**
     * Makes {@code rt} the runtime that bridges use outside a task, e.g. for a JDBC driver configured with
     * {@link ZokioSocketFactory} by class name. Replaces an earlier one (which stays open: its owner closes it).
     */
    public static void set(Runtime rt) {
        installed = Objects.requireNonNull(rt, "runtime");
    }

    /** The calling task's runtime, else the installed or process-wide one (built now if needed). */
    public static Runtime get() {
        Runtime rt = Runtime.current();
        if (rt != null) {
            return rt;
        }
        rt = installed;
        if (rt == null || rt.isClosed()) {
            synchronized (DefaultRuntime.class) {
                rt = installed;
                if (rt == null || rt.isClosed()) {
                    rt = Runtime.builder().threadNamePrefix("zokio-bridge-").build();
                    installed = rt;
                }
            }
        }
        return rt;
    }
}
