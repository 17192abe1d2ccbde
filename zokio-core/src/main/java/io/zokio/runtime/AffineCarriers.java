package io.zokio.runtime;

import io.zokio.loop.internal.Carriers;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * <b>Threading:</b> any thread; stateless after class initialisation.
 *
 * <p>The JDK-internal hooks behind {@link CarrierMode#AFFINE}: Java 25 has no public API for a virtual-thread
 * scheduler, but {@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)} and
 * {@code Thread.currentCarrierThread()} ({@link Carriers}) exist and are reachable when {@code java.base/java.lang} is opened
 * to Zokio ({@code --add-opens java.base/java.lang=ALL-UNNAMED}, or {@code =io.zokio} on the module path).
 * Nothing here appears in a public signature; when the hooks are missing, {@link #UNAVAILABLE_CAUSE} says
 * why and the runtime uses {@link CarrierMode#SHARED}.
 */
final class AffineCarriers {
    private static final Constructor<?> BUILDER;
    /** Null when AFFINE is available; otherwise why not. */
    static final String UNAVAILABLE_CAUSE;

    static {
        Constructor<?> builder = null;
        String cause = null;
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            builder = c.getDeclaredConstructor(Executor.class);
            builder.setAccessible(true);
            if (!Carriers.available()) {
                throw new IllegalStateException(Carriers.unavailableCause());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            builder = null;
            cause = e + " (run with --add-opens java.base/java.lang=ALL-UNNAMED to enable AFFINE)";
        }
        BUILDER = builder;
        UNAVAILABLE_CAUSE = cause;
    }

    private AffineCarriers() {
    }

    static boolean available() {
        return UNAVAILABLE_CAUSE == null;
    }

    /** A factory of virtual threads whose continuations {@code scheduler} runs. Requires {@link #available()}. */
    static ThreadFactory factory(Executor scheduler) {
        try {
            Thread.Builder.OfVirtual b = (Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler);
            return b.factory();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create an AFFINE virtual-thread builder", e);
        }
    }

    /** The worker carrying the calling thread: itself if it is a worker, its carrier if it is virtual. */
    static Worker carrierWorker() {
        return Carriers.current() instanceof Worker.WorkerThread w ? w.worker : null;
    }
}
