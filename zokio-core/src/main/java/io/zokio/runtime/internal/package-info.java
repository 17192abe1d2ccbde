/**
 * Hooks of the runtime for the test kit (module {@code io.zokio.testkit}), the only module this package is
 * exported to. They let the test kit build runtimes that the public {@link io.zokio.runtime.RuntimeBuilder} does
 * not offer, without core knowing the test kit's classes:
 * <ul>
 *   <li>{@link io.zokio.runtime.internal.LoopDecorator}: each worker's loop wrapped as it is built (fault
 *       injection);</li>
 *   <li>{@link io.zokio.runtime.internal.DeterministicLoop}: a deterministic runtime's clock and single loop
 *       (the simulated backend on a virtual clock), with the worker's "timers armed" predicate that lets virtual
 *       time jump;</li>
 *   <li>{@link io.zokio.runtime.internal.RuntimeHooks}: sets either on a builder.</li>
 * </ul>
 * Applications use the test kit's public entry points ({@code io.zokio.testkit.DeterministicRuntime},
 * {@code io.zokio.testkit.fault.FaultInjection}), not this package.
 */
package io.zokio.runtime.internal;
