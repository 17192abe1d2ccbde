package io.zokio.loop.internal;

import io.zokio.loop.BufferGroup;
import io.zokio.loop.Completion;

/**
 * The per-operation and per-buffer-group state a backend keeps inside the loop's own objects, reached from the
 * backend packages without widening {@link Completion}'s or {@link BufferGroup}'s public API. This package is
 * not exported: only the loop and the backends of this module (and the test kit, by a qualified export) see it.
 *
 * <p><b>Threading:</b> loop-thread only. A field belongs to the backend that owns the completion, from
 * {@code submit} until the completion's final delivery; the loop never reads it.
 *
 * <p><b>How it is wired</b> (the JDK's shared-secrets pattern): {@code Completion}'s static initializer registers an
 * implementation of {@link Fields}; a holder class forces that initialization before it reads the registered
 * object into a {@code static final} field, so every call below compiles to a direct field access.
 */
public final class OpState {

    /** Field access, implemented inside package {@code io.zokio.loop}. */
    public interface Fields {
        long token(Completion c);

        void token(Completion c, long token);

        Completion next(Completion c);

        void next(Completion c, Completion next);

        Object data(Completion c);

        void data(Completion c, Object data);

        void bufferId(Completion c, int bufferId);

        void bufferOffset(Completion c, int offset);

        Object groupState(BufferGroup group);

        void groupState(BufferGroup group, Object state);

        void bufferTaken(BufferGroup group, int bufferId);

        void groupUsers(BufferGroup group, int delta);

        void groupFree(BufferGroup group);
    }

    /** Set once by {@link #register}, from {@code Completion}'s static initializer. */
    private static volatile Fields registered;

    /**
     * The registered access as a constant. A holder, so that {@code Completion}'s initializer can call
     * {@link #register} without this class's own initialization reading the field too early.
     */
    private static final class Holder {
        static final Fields F;

        static {
            ensureInitialized(Completion.class);
            F = registered;
            if (F == null) {
                throw new ExceptionInInitializerError("io.zokio.loop did not register its field access");
            }
        }
    }

    private OpState() {
    }

    /** Called once, by the static initializer of {@code io.zokio.loop.Completion}; refused after that. */
    public static void register(Fields fields) {
        if (registered != null) {
            throw new IllegalStateException("field access is registered already");
        }
        registered = fields;
    }

    private static void ensureInitialized(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The backend's word for {@code c} (io_uring: slot index and generation; NIO: where the op waits). */
    public static long token(Completion c) {
        return Holder.F.token(c);
    }

    public static void token(Completion c, long token) {
        Holder.F.token(c, token);
    }

    /** The backend's intrusive link (NIO: per-descriptor wait lists, the ready list). */
    public static Completion next(Completion c) {
        return Holder.F.next(c);
    }

    public static void next(Completion c, Completion next) {
        Holder.F.next(c, next);
    }

    /** The backend's object for {@code c} (its operation record or a cached view); kept across submissions. */
    public static Object data(Completion c) {
        return Holder.F.data(c);
    }

    public static void data(Completion c, Object data) {
        Holder.F.data(c, data);
    }

    /** Names the provided buffer the current result lies in ({@link Completion#bufferId()}), -1 for none. */
    public static void bufferId(Completion c, int bufferId) {
        Holder.F.bufferId(c, bufferId);
    }

    /** Where the current result's bytes start in that buffer ({@link Completion#bufferOffset()}). */
    public static void bufferOffset(Completion c, int offset) {
        Holder.F.bufferOffset(c, offset);
    }

    /** The backend's object for {@code group} (its ring or emulation state), null before attach. */
    public static Object groupState(BufferGroup group) {
        return Holder.F.groupState(group);
    }

    public static void groupState(BufferGroup group, Object state) {
        Holder.F.groupState(group, state);
    }

    /** Marks buffer {@code bufferId} of {@code group} as held by the user (a callback named it). */
    public static void bufferTaken(BufferGroup group, int bufferId) {
        Holder.F.bufferTaken(group, bufferId);
    }

    /** Counts a multishot receive that uses {@code group} ({@code +1} at submit, {@code -1} at its final result). */
    public static void groupUsers(BufferGroup group, int delta) {
        Holder.F.groupUsers(group, delta);
    }

    /** At backend close, once the kernel can no longer write into it: frees {@code group}'s memory. */
    public static void groupFree(BufferGroup group) {
        Holder.F.groupFree(group);
    }
}
