package io.zokio.runtime;

import java.util.List;

/**
 * <b>Threading:</b> any thread; stateless.
 *
 * <p>The classes a cold process's first build initialises once its event loops open, by name, so that the
 * building thread can initialise them while the io_uring binding is still being prepared on its own thread (the
 * first downcall stubs take the JDK well over a hundred milliseconds, and the building thread would otherwise
 * wait for them idle, then load these one by one). Names, not class literals: several classes are private to
 * their packages. None belongs to the binding's package: initialising one of those would wait for the binding.
 * {@code StartupClassesTest} checks that every name still names a class; a stale name costs only its saving.
 */
final class StartupClasses {
    /** In the order a build first needs them: the backend's, the loop's, the scheduler's, the runtime's. */
    static final List<String> NAMES = List.of(
            "io.zokio.loop.InlineSocketCalls",
            "io.zokio.loop.uring.UringSockets",
            "io.zokio.loop.uring.SlotTable",
            "io.zokio.loop.Completion",
            "io.zokio.loop.uring.MultiCqeOps",
            "io.zokio.loop.uring.SendFileOps",
            "io.zokio.loop.uring.CompletionBatch",
            "io.zokio.loop.uring.SqePrep",
            "io.zokio.loop.uring.CloseDrain",
            "io.zokio.loop.BackendFeatures",
            "io.zokio.loop.DirectFileCalls",
            "io.zokio.loop.uring.UringFileCalls",
            "io.zokio.loop.OwnerCounters",
            "io.zokio.loop.TimerHeap",
            "io.zokio.loop.MpscTaskQueue",
            "io.zokio.loop.ReadyList",
            "io.zokio.loop.IdlePolicy",
            "io.zokio.loop.AdaptiveSpin",
            "io.zokio.loop.WakeupGate",
            "io.zokio.loop.BackendContext",
            "io.zokio.loop.FileTable",
            "io.zokio.loop.internal.OpState",
            "io.zokio.loop.LoopFields",
            "io.zokio.loop.Op",
            "io.zokio.loop.Callback",
            "io.zokio.loop.Action",
            "io.zokio.loop.RunMode",
            "io.zokio.loop.LoopStats",
            "io.zokio.loop.LoopMetrics",
            "io.zokio.loop.CompletionChecks",
            "io.zokio.runtime.RunQueue",
            "io.zokio.runtime.StealingRunQueue",
            "io.zokio.runtime.sched.LocalQueue",
            "io.zokio.time.TimerWheel",
            "io.zokio.buffer.LocalCache",
            "io.zokio.runtime.BlockedWorkerDetector",
            "io.zokio.runtime.RuntimeMXBeanImpl",
            "io.zokio.runtime.Timers");

    private StartupClasses() {
    }

    /** Initialises every class named (a class that fails to is left for the build to meet). */
    static void initialize() {
        ClassLoader loader = StartupClasses.class.getClassLoader();
        for (String name : NAMES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // the build needs the class anyway and reports what is wrong with it there
            }
        }
    }
}
