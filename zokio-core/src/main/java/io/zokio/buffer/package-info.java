/**
 * Pooled off-heap buffers: the one allocator that the loop and every layer above it share.
 * It knows nothing of the loop, the runtime or io_uring; they tell it about the kernel through two calls.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@link io.zokio.buffer.BufferPool}: owns one shared {@link java.lang.foreign.Arena}; any thread.</li>
 *   <li>{@code SharedFreeList}: one per size class, the global pool; a lock per call, calls move batches.</li>
 *   <li>{@link io.zokio.buffer.LocalCache}: one per worker, single owner, no locks or atomics.</li>
 *   <li>{@link io.zokio.buffer.PooledBuffer}: a reusable handle on one buffer (a slice of a slab) with its
 *       ownership state, a lazily made ByteBuffer view, and a generation counter.</li>
 *   <li>{@code LeakDetector}: optional; a Cleaner registration per acquisition.</li>
 * </ul>
 *
 * <h2>Size classes</h2>
 * Powers of two from 512 B to 1 MiB by default ({@link io.zokio.buffer.BufferPoolBuilder#sizeClasses}); a
 * request gets the smallest class that holds it. A class's buffers are carved from slabs of 4 MiB (at most 1024
 * buffers, at least one, per slab), aligned to 4096 bytes so that every class of 4 KiB or more is page aligned (as
 * O_DIRECT and fixed-buffer registration want). Slabs are never returned before {@code close()}: the pool's
 * footprint is its high-water mark, rounded up to slabs. Requests above the largest class get their own arena,
 * are not pooled, and are freed on release.
 *
 * <h2>Ownership states of a buffer</h2>
 * <ol>
 *   <li>FREE: in a cache or a shared list. Acquire moves it to OWNED (only the thread that popped it does so).</li>
 *   <li>OWNED: the caller reads and writes it. {@code release()} (CAS OWNED to FREE) returns it; a second release
 *       finds FREE and throws {@link java.lang.IllegalStateException}.</li>
 *   <li>IN_KERNEL: the loop called {@code markInKernel()} before submitting an operation that reads or writes
 *       the buffer; {@code release()} throws until the loop, on reaping that operation's completion (or its
 *       cancellation's), calls {@code markReturned()}. This is the kernel-buffer lifetime invariant: memory the
 *       kernel may write is never recycled. {@code BufferPool.close()} refuses while any buffer is IN_KERNEL.</li>
 * </ol>
 * Handles are reused, so a stale reference kept past release may see the handle acquired again by someone else;
 * the states catch a double release only while the handle is still FREE. {@code generation()} lets a holder
 * that must be sure compare.
 *
 * <h2>Cache and shared-pool protocol</h2>
 * <ol>
 *   <li>Acquire through a worker's cache pops its stack for the class; no lock, no atomic (a hit).</li>
 *   <li>An empty stack takes half its capacity from the class's shared list under one lock; the shared list
 *       carves a new slab when it runs dry.</li>
 *   <li>A release on the cache's owner thread pushes onto that cache; a full stack first gives half its
 *       capacity back to the shared list under one lock.</li>
 *   <li>A release on any other thread (a buffer handed to another worker, or to a virtual thread) goes straight
 *       to the shared list, one lock per buffer; so does an acquire by a thread without a cache
 *       ({@code BufferPool.acquire}). This is the fallback, correct from anywhere, slower by a lock.</li>
 *   <li>{@code LocalCache.close()} (worker shutdown) gives every cached buffer back to the shared lists.</li>
 * </ol>
 * A runtime makes its workers' caches <em>context caches</em>: {@code BufferPool.acquire} and releases ask the
 * runtime's lookup for the caller's cache, which is the worker's for the worker thread and for every AFFINE
 * virtual thread it carries (one OS thread runs them one at a time). Such users can still interleave where one
 * parks on a shared list's lock inside a refill or a flush; the cache is marked busy across that call and an
 * interleaved user goes to the shared lists. SHARED-mode virtual threads and outside threads have no cache.
 * Conservation, checked by the property tests: allocated == in use + free (shared lists + caches), at every
 * quiescent point. Steady state allocates nothing: handles, stacks and ByteBuffer views are reused.
 *
 * <h2>Leak detection and its cost</h2>
 * Off by default; on with {@code -Dzokio.buffer.leakDetection=true} or
 * {@link io.zokio.buffer.BufferPoolBuilder#leakDetection}. Each acquisition then records a Throwable (a stack
 * walk) and registers the handle with a Cleaner, and each release deregisters it: a few microseconds and two
 * objects per acquisition, fine in tests, not in production. A handle that becomes unreachable while acquired
 * is reported through {@link java.lang.System.Logger} (logger {@code io.zokio.buffer}, WARNING, with the
 * acquisition stack) and counted in {@link io.zokio.buffer.BufferPoolMetrics#leaksDetected()}; its memory goes
 * back to the pool under a fresh handle. Leaks are found only when the GC runs, not at a fixed time.
 *
 * <h2>Buffers the kernel registers</h2>
 * The pool's slabs are not registered with io_uring. Fixed buffers (READ_FIXED/WRITE_FIXED) come from a
 * separate {@link io.zokio.buffer.FixedBufferPool}, which {@code io.zokio.fs.FixedBuffers} registers with a
 * runtime's rings; provided-buffer rings for multishot receive are {@code io.zokio.loop.BufferGroup}s, with
 * their own memory.
 */
package io.zokio.buffer;
