package io.zokio.runtime;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * <b>Threading:</b> any thread. The runtime's JFR events (recorded only while a recording enables them; an
 * event not enabled costs a flag check). See the README section "Recording JFR events".
 */
final class RuntimeEvents {
    private RuntimeEvents() {
    }

    @Name("io.zokio.SlowTask")
    @Label("Slow task")
    @Category({"Zokio", "Runtime"})
    @Description("A task held a runtime worker longer than the blocked-worker threshold")
    static final class SlowTask extends Event {
        @Label("Worker")
        int worker;
        @Label("Held for")
        @Timespan(Timespan.NANOSECONDS)
        long heldNs;
        @Label("Task")
        String task;
        @Label("Stack")
        String stack;
    }

    @Name("io.zokio.LoopStall")
    @Label("Loop stall")
    @Category({"Zokio", "Runtime"})
    @Description("A worker's event loop made no turn for longer than the threshold outside any task (a"
            + " completion callback, a timer or the scheduler held it)")
    static final class LoopStall extends Event {
        @Label("Worker")
        int worker;
        @Label("Stalled for")
        @Timespan(Timespan.NANOSECONDS)
        long stalledNs;
        @Label("Stack")
        String stack;
    }

    @Name("io.zokio.BlockingCallOnLoop")
    @Label("Blocking call on a loop thread")
    @Category({"Zokio", "Runtime"})
    @Description("A call that would block was made on a worker's event-loop thread and refused")
    static final class BlockingCallOnLoop extends Event {
        @Label("Call")
        String call;
        @Label("Worker")
        int worker;
    }

    static void blockingCallOnLoop(String call, int worker) {
        BlockingCallOnLoop e = new BlockingCallOnLoop();
        if (e.shouldCommit()) {
            e.call = call;
            e.worker = worker;
            e.commit();
        }
    }

    static void slowTask(int worker, long heldNs, String task, String stack) {
        SlowTask e = new SlowTask();
        if (e.shouldCommit()) {
            e.worker = worker;
            e.heldNs = heldNs;
            e.task = task;
            e.stack = stack;
            e.commit();
        }
    }

    static void loopStall(int worker, long stalledNs, String stack) {
        LoopStall e = new LoopStall();
        if (e.shouldCommit()) {
            e.worker = worker;
            e.stalledNs = stalledNs;
            e.stack = stack;
            e.commit();
        }
    }
}
