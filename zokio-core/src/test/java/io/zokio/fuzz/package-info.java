/**
 * Property tests that drive random sequences of public calls (jqwik 1.9.3 on the JUnit Platform).
 *
 * <h2>What every property checks</h2>
 * <ol>
 *   <li><b>Only documented exceptions.</b> Each call is made through {@code Fuzz.Log.call} with the exception
 *       types its Javadoc names; anything else (an undocumented RuntimeException, any Error that is not a task
 *       body's own) fails the property with the call log of the sequence.</li>
 *   <li><b>No hang.</b> Every wait is bounded ({@code Fuzz.HANG_MS}); a call that may wait without a timeout is
 *       released by the close at the end of its sequence, which must then end within the bound.</li>
 *   <li><b>No leak.</b> Each sequence runs on its own runtime; after it closes, no Zokio thread is left, no
 *       pooled buffer is in use, and no descriptor of the kinds a runtime opens (sockets, rings, eventfds, epoll
 *       instances, pipes, files of the sequence) is open that was not before ({@code Leaks}).</li>
 *   <li><b>Both backends.</b> Each property runs on NIO and on io_uring; the io_uring ones are skipped with the
 *       kernel's reason where io_uring is refused.</li>
 * </ol>
 *
 * <h2>Repeating a run</h2>
 * The seed is fixed ({@code Fuzz.DEFAULT_SEED}) so the default run is deterministic in its inputs (thread
 * interleavings still vary); {@code -Dzokio.fuzz.seed=N} picks another, {@code -Dzokio.fuzz.triesFactor=F}
 * scales the tries, {@code -Dzokio.fuzz.verbose=true} prints every call and its outcome. A failure prints the
 * seed, the sample (the steps, each {@code op/pick/num}) and the call log.
 */
package io.zokio.fuzz;
