package io.zokio.loop.fault;

import io.zokio.loop.Backend;
import io.zokio.loop.BufferGroup;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Forwards a {@link FaultyBackend}'s buffer-group hooks to its inner backend. The hooks are protected in
 * {@link Backend} (only {@code BufferGroup} calls them), and Java lets a subclass in another package call a
 * protected method only on its own type; a private lookup in {@code Backend} (same module) reaches them on the
 * inner backend without widening the public API for a test tool.
 *
 * <p><b>Threading:</b> loop-thread only, like the hooks.
 */
final class BufferGroups {
    private static final MethodHandle ATTACH;
    private static final MethodHandle RELEASED;
    private static final MethodHandle DETACH;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(Backend.class, MethodHandles.lookup());
            ATTACH = l.findVirtual(Backend.class, "attachBufferGroup",
                    MethodType.methodType(int.class, BufferGroup.class));
            RELEASED = l.findVirtual(Backend.class, "bufferReleased",
                    MethodType.methodType(void.class, BufferGroup.class, int.class));
            DETACH = l.findVirtual(Backend.class, "detachBufferGroup",
                    MethodType.methodType(void.class, BufferGroup.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Backend inner;

    BufferGroups(Backend inner) {
        this.inner = inner;
    }

    int attach(BufferGroup group) throws IOException {
        try {
            return (int) ATTACH.invokeExact(inner, group);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void released(BufferGroup group, int bufferId) {
        try {
            RELEASED.invokeExact(inner, group, bufferId);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void detach(BufferGroup group) {
        try {
            DETACH.invokeExact(inner, group);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
