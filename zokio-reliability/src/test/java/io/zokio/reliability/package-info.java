/**
 * Reliability tests: shutdown under load, overload and back-pressure, native memory
 * discipline. Tests only; they run in their own JVM with {@code -XX:NativeMemoryTracking=summary}.
 *
 * <h2>Invariants checked</h2>
 * <ol>
 *   <li>Every operation in flight when a runtime closes completes exactly once: a result, or a cancellation or
 *       closed exception. Counted per operation (an array slot per connection, timer, task, file-op chain), so
 *       a lost completion shows as 0 and a duplicate as 2.</li>
 *   <li>After {@code close()}: no {@code zokio-*} thread alive, the descriptors ({@code /proc/self/fd}) and the
 *       io_uring mappings ({@code /proc/self/maps}) back to their level, and NMT's native memory back within a
 *       stated tolerance; cycle after cycle, without growth.</li>
 *   <li>A server under overload keeps its memory bounded: writes to a peer that does not read park the writer
 *       (no unbounded buffering), a slow reader holds only its own connection, and the bytes per idle connection
 *       are measured and bounded.</li>
 * </ol>
 *
 * <h2>Process layout</h2>
 * The fd hard limit (20000 on the machines these run on) does not let one process hold both ends of 10,000
 * connections: the client ends live in a child JVM ({@code PeerMain}, driven over stdin/stdout by
 * {@code PeerProcess}, killed in a finally block). The tests never assert timings; waits are latches, joins
 * and {@code @Timeout}s.
 */
package io.zokio.reliability;
