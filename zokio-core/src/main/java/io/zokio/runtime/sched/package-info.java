/**
 * Run queues and idle bookkeeping of the work-stealing scheduler, in the design of Tokio's multi-thread scheduler
 * ({@code runtime/scheduler/multi_thread/queue.rs}). Tasks are plain objects of a type parameter; the
 * queues know nothing of what a task is.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@link io.zokio.runtime.sched.LocalQueue}: a worker's bounded ring of
 *       {@value io.zokio.runtime.sched.LocalQueue#CAPACITY} slots. Two handles state the contract:
 *       {@link io.zokio.runtime.sched.LocalQueue.Owner} (push, pop, overflow: the owning worker only) and
 *       {@link io.zokio.runtime.sched.LocalQueue.Stealer} ({@code stealInto}: any other worker).</li>
 *   <li>{@link io.zokio.runtime.sched.InjectQueue}: the runtime-wide MPMC FIFO for tasks from outside and
 *       for overflow; a ring behind one lock with a length readable without it.</li>
 *   <li>{@link io.zokio.runtime.sched.Overflow}: where a full local queue moves half of its tasks.</li>
 *   <li>{@link io.zokio.runtime.sched.Idle}: which workers are parked and how many search (Tokio's
 *       {@code idle.rs}); its lost-wakeup argument is in its own documentation.</li>
 * </ul>
 *
 * <h2>Who owns which field of a LocalQueue</h2>
 * <ul>
 *   <li>{@code tail} (int position of the next push): written only by the owner (release store), read by
 *       stealers (acquire) and plainly by the owner.</li>
 *   <li>{@code head} (long, packed): changed only by compare-and-set, by the owner (pop, overflow) and by
 *       stealers (claim, finish); read with acquire.</li>
 *   <li>{@code buffer[p & MASK]}: plain accesses. Slot {@code p} belongs to the owner while
 *       {@code tail <= p < steal + CAPACITY} (free, to be written), to the queue while {@code real <= p < tail}
 *       (readable after the release of tail), to whoever claimed it by a head CAS while {@code p < real}
 *       and it is still in {@code [steal, real)} (a stealer copying) or just popped. Whoever takes a task out
 *       of a slot clears it so that the queue does not keep a finished task reachable.</li>
 * </ul>
 * Positions are 32-bit and wrap; every comparison is on a difference, and the queue never holds more than
 * {@code CAPACITY} positions between {@code steal} and {@code tail}. The wide positions also make ABA on
 * the head CAS need 2^32 pushes during one stealer's read-to-CAS window.
 *
 * <h2>The head encoding</h2>
 * <pre>
 *   head = steal &lt;&lt; 32 | real      (two 32-bit positions in one long, one CAS changes both)
 *   real : the next task to pop or steal
 *   steal: equal to real when no steal is in progress; otherwise the first position a stealer is still
 *          copying out of [steal, real), which the owner must not overwrite yet
 * </pre>
 * Occupied for capacity purposes: {@code tail - steal}; available to pop or steal: {@code tail - real}.
 *
 * <h2>The steal protocol ({@code Stealer.stealInto(dst)})</h2>
 * <ol>
 *   <li>Check room: {@code dst} (owned by the caller) must have at most {@code CAPACITY / 2} occupied, so
 *       that half of a full queue fits.</li>
 *   <li>Claim: read head (acquire). If {@code steal != real} another steal is in progress: give up, return
 *       null. Read tail (acquire, pairs with the owner's release in push); take {@code n = ceil((tail -
 *       real) / 2)}; CAS head from {@code (real, real)} to {@code (real, real + n)}. The owner then cannot pop
 *       those tasks, other stealers see the mark and back off, and the owner does not overwrite the slots
 *       because {@code steal} still counts them as occupied. Retry on CAS failure.</li>
 *   <li>Copy {@code n} tasks into {@code dst}'s free slots after its tail (not yet visible to anyone), clearing
 *       the source slots.</li>
 *   <li>Finish: CAS head from {@code (first, real')} to {@code (real', real')}, where {@code real'} is the
 *       current real half (the owner may have popped meanwhile; retry until the CAS wins). Its release
 *       orders the copy before the owner's next acquire of head in push, after which it reuses the slots.</li>
 *   <li>Keep the last copied task to return; publish the others by a release store of {@code dst}'s tail.</li>
 * </ol>
 *
 * <h2>Owner operations</h2>
 * <ol>
 *   <li>Pop: CAS head from {@code (steal, real)} to {@code (real+1, real+1)} when no steal is in progress,
 *       else to {@code (steal, real+1)}, leaving the mark; the CAS decides between the owner and a stealer's
 *       claim of the same slot.</li>
 *   <li>Push: if {@code tail - steal < CAPACITY}, write the slot and release-store {@code tail + 1}.</li>
 *   <li>Full with a steal in progress: the steal will free room soon; push only this task to the overflow.</li>
 *   <li>Full with no steal: CAS head from {@code (real, real)} to {@code (real+128, real+128)}, claiming the
 *       oldest half like a stealer would, then hand those 128 tasks and the new one to the overflow in one
 *       batch. A failed CAS means a stealer took tasks: retry the push from step 2.</li>
 * </ol>
 *
 * <h2>Progress</h2>
 * Push and pop are lock-free and never wait for a stealer (a pop CAS fails only when a stealer's CAS
 * succeeded). A steal never waits for another steal. The inject queue takes a lock for every change; its
 * {@code len()} is a lock-free hint.
 */
package io.zokio.runtime.sched;
