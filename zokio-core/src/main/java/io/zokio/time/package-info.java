/**
 * Timers: a hierarchical timing wheel per runtime worker.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@link io.zokio.time.TimerWheel}: six levels of 64 slots plus an overflow list; owner thread only.
 *       Never reads a clock: the worker reads {@code nowNs} from its loop once per turn and passes it to
 *       {@link io.zokio.time.TimerWheel#poll}, and sleeps with one native timeout until
 *       {@link io.zokio.time.TimerWheel#nextDeadlineNs()}.</li>
 *   <li>{@link io.zokio.time.TimerEntry}: one timer, allocated and owned by its caller, reused across
 *       arm/fire/cancel cycles; its links make schedule and cancel O(1) with no allocation.</li>
 * </ul>
 *
 * <h2>Who owns which field</h2>
 * Every field of a wheel and of its entries is read and written on the wheel's owner thread only. An entry's
 * {@code deadlineNs}, {@code tick}, {@code location}, {@code prev}, {@code next} and {@code wheel} are written
 * only by the wheel; subclasses add their own payload.
 *
 * <h2>Invariants (checked by the tests after every step)</h2>
 * <ol>
 *   <li>An armed entry is on exactly one list: a slot (its {@code location} is {@code level * 64 + slot}),
 *       the overflow list, or the due list. An idle entry is on none.</li>
 *   <li>An entry's tick is at or after the wheel's current tick, and it lives on the level of the highest 6-bit
 *       digit in which the two differ; the slot is that digit of the entry's tick. Hence every occupied slot of
 *       level L > 0 starts after the current tick, and the earliest work is the first occupied slot of the
 *       lowest non-empty level.</li>
 *   <li>A deadline lies in its slot's tick range, except a deadline already past when scheduled, which is
 *       clamped to the current tick; the slot holding such an entry is the one kept sorted by deadline, so
 *       {@code nextDeadlineNs()} (its head's deadline) is never later than the true earliest deadline.</li>
 *   <li>An entry fires only when {@code deadlineNs <= nowNs}: a level-0 slot of a tick before now is wholly
 *       due, the current tick's slot is checked entry by entry.</li>
 * </ol>
 *
 * <h2>A poll, step by step</h2>
 * <ol>
 *   <li>Fire from the due list (FIFO), each entry made idle before its handler runs, until the limit.</li>
 *   <li>When the due list is empty, find the earliest occupied slot. If it starts after now, move the current
 *       tick to now and stop.</li>
 *   <li>A slot of level L > 0: move the current tick to its start and re-place its entries (each lands on a
 *       lower level). The overflow list: move to the next 2^36-tick window and re-place what fits.</li>
 *   <li>A level-0 slot of a past tick: fire from its head until it is empty or the limit is reached (entries
 *       the handlers make due meanwhile go first). The current tick's slot: sort it by
 *       deadline on the first look (later inserts into it keep the order), then move entries from its front
 *       while their deadline has passed. A slot of more than {@code SORT_LIMIT} entries is not sorted: it
 *       fires whole once its tick has passed (up to one tick late, never early). Go to 1.</li>
 * </ol>
 */
package io.zokio.time;
