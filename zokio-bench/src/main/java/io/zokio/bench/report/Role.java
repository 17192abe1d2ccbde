package io.zokio.bench.report;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>What an implementation is within its bench: the chart colours the roles apart and the ratio compares the
 * best {@link #ZOKIO} impl with the best {@link #BASELINE}.
 */
public enum Role {
    /** An implementation of Zokio (its name starts with {@code zokio}) that is not a baseline of its bench. */
    ZOKIO("zokio"),
    /** Listed by the bench's {@link io.zokio.bench.Bench#baselines()}. */
    BASELINE("baseline"),
    /** Neither, e.g. a third-party impl measured for reference only. */
    OTHER("other");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** Lower-case name as printed in the tables and the legend. */
    public String label() {
        return label;
    }
}
