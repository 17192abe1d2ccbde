package io.zokio.loop.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The carrier of the calling virtual thread, through the JDK-internal {@code Thread.currentCarrierThread()}.
 * Java 25 has no public API for it; it is reachable when {@code java.base/java.lang} is opened to Zokio
 * ({@code --add-opens java.base/java.lang=ALL-UNNAMED}, or {@code =io.zokio} on the module path). Without it
 * {@link #available()} is false and {@link #current()} answers null: callers then take their portable path
 * (the loop refuses a virtual thread that is not its owner; sockets hand work over with {@code execute}).
 *
 * <p><b>Threading:</b> any thread; stateless after class initialization.
 */
public final class Carriers {
    private static final MethodHandle CURRENT_CARRIER;
    /** Null when the carrier can be read; otherwise why not. */
    private static final String UNAVAILABLE_CAUSE;

    static {
        MethodHandle h = null;
        String cause = null;
        try {
            h = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup()).findStatic(Thread.class,
                    "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            cause = e.toString();
        }
        CURRENT_CARRIER = h;
        UNAVAILABLE_CAUSE = cause;
    }

    private Carriers() {
    }

    /** Whether {@link #current()} can name a virtual thread's carrier. */
    public static boolean available() {
        return CURRENT_CARRIER != null;
    }

    /** Why {@link #available()} is false, or null. */
    public static String unavailableCause() {
        return UNAVAILABLE_CAUSE;
    }

    /**
     * The carrier of the calling thread when it is a virtual thread, the thread itself when it is a platform
     * thread, or null for a virtual thread whose carrier cannot be read.
     */
    public static Thread current() {
        Thread t = Thread.currentThread();
        if (!t.isVirtual()) {
            return t;
        }
        if (CURRENT_CARRIER == null) {
            return null;
        }
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            return null;
        }
    }
}
