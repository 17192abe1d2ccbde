/**
 * Zokio's test kit (module {@code io.zokio.testkit}, artifact {@code io.zokio:zokio-testkit}, for test scope).
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link io.zokio.testkit.DeterministicRuntime}: {@code build(seed)}, {@code build(SimConfig)} and
 *       {@code builder(...)} make a deterministic {@link io.zokio.runtime.Runtime}: one worker, runnable tasks
 *       drawn in a seeded order, a virtual clock that jumps whenever every task waits, and I/O on the simulated
 *       backend ({@link io.zokio.testkit.sim.SimBackend}). One seed, one interleaving and one result.</li>
 *   <li>{@link io.zokio.testkit.fault.FaultInjection#configure}: every worker's loop of a normal runtime over a
 *       {@link io.zokio.testkit.fault.FaultyBackend}, which injects seeded faults into the real backend and
 *       checks exactly-once delivery.</li>
 *   <li>{@link io.zokio.testkit.fault.FaultyBackend#wrap} and {@link io.zokio.testkit.sim.SimBackend#newLoop}:
 *       single loops over the same backends.</li>
 *   <li>{@link io.zokio.testkit.ManualClock}: a {@link io.zokio.loop.Clock} that moves only when told to, for
 *       loops driven by hand and for the deterministic runtime's virtual time.</li>
 * </ul>
 *
 * <p>The runtime entry points reach the runtime through the hooks of the non-exported package
 * {@code io.zokio.runtime.internal}, which core exports to this module only.
 */
package io.zokio.testkit;
