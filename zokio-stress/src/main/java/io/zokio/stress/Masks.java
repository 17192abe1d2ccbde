package io.zokio.stress;

import io.zokio.runtime.sched.LocalQueue;

/** Helpers to turn queue contents into outcome values. */
final class Masks {
    private Masks() {
    }

    /** Pops every task (small positive ids) and returns them as a bit mask, bit {@code id - 1}. */
    static int drain(LocalQueue.Owner<Integer> q) {
        int mask = 0;
        for (Integer t; (t = q.pop()) != null; ) {
            mask |= 1 << (t - 1);
        }
        return mask;
    }

    static int bit(Integer task) {
        return task == null ? 0 : 1 << (task - 1);
    }
}
