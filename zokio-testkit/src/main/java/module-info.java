/**
 * Zokio's test kit: tools for testing code that runs on Zokio, and Zokio itself. Add it in test scope.
 * <ul>
 *   <li>{@link io.zokio.testkit.DeterministicRuntime}: a runtime with one worker, a seeded run order, a virtual
 *       clock and simulated I/O ({@link io.zokio.testkit.sim}); one seed gives one interleaving.</li>
 *   <li>{@link io.zokio.testkit.fault.FaultInjection} and {@link io.zokio.testkit.fault.FaultyBackend}: real
 *       backends under seeded faults, with exactly-once delivery checked.</li>
 *   <li>{@link io.zokio.testkit.ManualClock}: a clock that moves only when told to.</li>
 * </ul>
 */
module io.zokio.testkit {
    requires transitive io.zokio;

    exports io.zokio.testkit;
    exports io.zokio.testkit.sim;
    exports io.zokio.testkit.fault;
}
