/**
 * File and buffer benches: {@code file_read} (4 KiB random reads, 64 in flight, from a page-cached
 * file), {@code file_seq} (sequential read and write throughput), {@code pinning} (timer lateness of sleeping
 * virtual threads while a thousand others read files at a fixed rate) and {@code alloc} (4 KiB buffer acquire and
 * release). Each bench runs its baselines in the same invocation, in the rounds of
 * {@link io.zokio.bench.Rounds} (a warm-up round, then rotated rounds; each line the median round with
 * {@code min=}/{@code max=}, its other figures medians too), and states the workload and the round's length in
 * its header line. Data files are created under {@code -Dzokio.bench.dir} (default {@code java.io.tmpdir}) and
 * deleted afterwards.
 */
package io.zokio.bench.fs;
