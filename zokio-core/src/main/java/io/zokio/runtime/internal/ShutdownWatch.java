package io.zokio.runtime.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>Threading:</b> any thread. {@link #add} and {@link #begin} order through the volatile {@code began} flag: an
 * add that saw it unset was seen by the walk of {@link #begin} (each side writes, then reads the other's write).
 *
 * <p>The resources of one runtime that its shutdown tells first (step 1 of the protocol in the runtime's package
 * documentation), before it waits for its tasks: listeners close, so that no connection arrives and a task
 * waiting in {@code accept} fails at once; accepted streams close when their read waits idle. A resource adds
 * itself when it is made and removes itself when it closes.
 */
public final class ShutdownWatch {
    private static final System.Logger LOG = System.getLogger("io.zokio.runtime");

    /** Something the runtime tells when its shutdown begins. */
    @FunctionalInterface
    public interface Resource {
        /** Called once, from the closing thread (never a worker); must not wait long. */
        void runtimeClosing();
    }

    private final Set<Resource> resources = ConcurrentHashMap.newKeySet();
    private volatile boolean began;

    /** Adds {@code r}; false (and {@code r} not kept) when the shutdown began already. */
    public boolean add(Resource r) {
        resources.add(r);
        if (began) { // volatile read after the add; pairs with begin()
            resources.remove(r);
            return false;
        }
        return true;
    }

    public void remove(Resource r) {
        resources.remove(r);
    }

    /** True once the shutdown began: listeners and idle reads are refused. */
    public boolean began() {
        return began;
    }

    /** The runtime's shutdown, step 1: tells every resource once. */
    public void begin() {
        began = true;
        for (Resource r : resources) {
            resources.remove(r);
            try {
                r.runtimeClosing();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing {0} at shutdown failed: {1}", r, e.toString());
            }
        }
    }

    /** Resources registered now (tests). */
    public int size() {
        return resources.size();
    }
}
