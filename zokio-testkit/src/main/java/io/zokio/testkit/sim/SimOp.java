package io.zokio.testkit.sim;

import io.zokio.loop.Completion;
import java.util.Comparator;

/**
 * The simulator's state of one {@link Completion}, kept in the completion's backend slot and reused across its
 * submissions (created on its first submission to a {@link SimBackend}). Loop thread only.
 *
 * <p>States: {@link #IDLE} (not in the backend), {@link #RESULT} (result known, delivered at {@link #dueNs}),
 * {@link #EXEC} (to be performed at {@link #dueNs}), {@link #PARKED} (performed, would block; waits in the
 * wait list of {@link #parkedOn} until that socket changes).
 */
final class SimOp {
    static final int IDLE = 0;
    static final int RESULT = 1;
    static final int EXEC = 2;
    static final int PARKED = 3;

    /** Scheduled order: virtual due time, then the order of scheduling (ties complete in submission order). */
    static final Comparator<SimOp> ORDER = (a, b) -> {
        int t = Long.compare(a.dueNs, b.dueNs);
        return t != 0 ? t : Long.compare(a.seq, b.seq);
    };

    final Completion completion;
    final SimBackend owner;
    int state = IDLE;
    long dueNs;
    long seq;
    int result;
    /** Draws made at submit time, so the random stream depends only on the number of submissions. */
    double faultRoll;
    double shortRoll;
    double shortFraction;
    /** Socket ops check their fault once, at first execution; a retry after parking does not roll again. */
    boolean faultChecked;
    /**
     * RESULT state: what a CANCEL answers. 0: nothing was performed (NOP, unsupported op), so the cancel wins;
     * {@code -EALREADY}: performed at submit (files); {@code -ENOENT}: already finished (a result a close gave).
     */
    int cancelAnswer;
    SimSocket parkedOn;

    SimOp(Completion completion, SimBackend owner) {
        this.completion = completion;
        this.owner = owner;
    }

    @Override
    public String toString() {
        return "SimOp[" + completion.op() + ", state=" + state + ", due=" + dueNs + ", seq=" + seq + "]";
    }
}
