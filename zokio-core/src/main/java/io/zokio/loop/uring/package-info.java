/**
 * The io_uring backend of {@link io.zokio.loop.EventLoop}: {@link io.zokio.loop.uring.IoUringBackend}.
 *
 * <h2>Ownership</h2>
 * Everything here is loop-thread only, except {@code IoUringBackend.wakeup()}. The backend owns one
 * {@link io.zokio.loop.uring.ffi.IoUring}, one wakeup eventfd and a {@link io.zokio.loop.uring.SlotTable}; its
 * parts are {@code SqePrep} (one SQE per operation), {@code CompletionBatch} (reap and deliver),
 * {@code MultiCqeOps} (operations with several CQEs) and {@code CloseDrain} (cancel and reap at close).
 *
 * <h2>user_data</h2>
 * {@code generation << 32 | slot} for user operations (bit 63 clear); bit 63 set for the backend's own
 * requests (wakeup READ, close-time cancels, the pre-5.11 wait timeout), whose CQEs are never delivered and
 * never counted in {@code inFlight()}.
 *
 * <h2>A loop turn</h2>
 * <ol>
 *   <li>{@code submit(c)}: take a slot, fill one SQE (flushing a full SQ with a submit-only enter); results
 *       known without the kernel are appended to the Java batch.</li>
 *   <li>{@code poll(wait)}: one {@code io_uring_enter} that submits everything and, if asked to wait and no
 *       CQE is ready, waits (timeout through {@code IORING_ENTER_EXT_ARG}); no syscall at all when nothing is
 *       pending and the kernel flags no task work or CQ overflow.</li>
 *   <li>Reap: copy every CQE into the batch, release the CQ with one head store, flush the kernel's overflow
 *       list (NODROP) and repeat until empty; then deliver the batch, each completion exactly once.</li>
 * </ol>
 *
 * <h2>Operations with several CQEs ({@code MultiCqeOps})</h2>
 * SPLICE, SENDFILE, multishot ACCEPT/RECV and SEND_ZC keep their slot (hence their user_data) until their final
 * delivery; {@code CompletionBatch.deliver} peeks the slot and lets {@code MultiCqeOps} decide per CQE from its flags
 * ({@code F_MORE}, {@code F_BUFFER} with the buffer id, {@code F_NOTIF}):
 * <ul>
 *   <li>multishot: a data CQE is an intermediate callback; a CQE without {@code F_MORE} is re-armed (kernel ended
 *       it after data, or {@code ENOBUFS}: parked on the group until a release) unless the op is stopping
 *       (DISARM or CANCEL recorded in the slot's cancelling flag), else it is the final delivery;</li>
 *   <li>SENDFILE with {@code -Dzokio.uring.sendfile=splice}: a state machine per slot (file to pipe, pipe to socket, POLLOUT when the splice says
 *       EAGAIN), one SQE in the kernel at a time, on a pipe from a pool owned by the backend; a pipe left
 *       non-empty by an error or a cancel is closed, never reused;</li>
 *   <li>SEND_ZC: the result CQE is stashed, the notification CQE delivers it.</li>
 *   <li>SENDFILE by default: {@code sendfile(2)} on the loop thread (a POLLOUT SQE when the socket is full),
 *       measured faster than the splice path; it may block the loop on a page-cache miss.</li>
 * </ul>
 * Parked receives hold a slot but nothing in the kernel: CANCEL and close end them directly. At close,
 * SEND_ZCs still waiting for their notification after about 5 s are delivered once the ring is closed (their
 * pages stay pinned by the kernel). Buffer rings and pipes are freed after the ring.
 *
 * <h2>Shutdown</h2>
 * <ol>
 *   <li>Submit {@code ASYNC_CANCEL} with {@code IORING_ASYNC_CANCEL_ANY | ALL} (per operation on kernels
 *       before 5.19, detected by {@code -EINVAL}).</li>
 *   <li>Reap and deliver until no user operation and no wakeup READ is in flight, re-issuing the cancel now and
 *       then for operations that raced it.</li>
 *   <li>Unmap the rings, close the ring fd, the eventfd and free the scratch memory.</li>
 * </ol>
 * A single-issuer ring closed from a thread other than its submitter cannot be reaped ({@code EEXIST}): its fd
 * is closed (the kernel cancels everything) and each operation is delivered with {@code -ECANCELED}; buffers
 * of operations that were executing in io-wq may then be written briefly after their callback.
 *
 * <h2>Setup flags (measured)</h2>
 * Default {@code COOP_TASKRUN | TASKRUN_FLAG | SUBMIT_ALL} (plus {@code CQSIZE = 2 * entries});
 * {@code -Dzokio.uring.setup=single} asks for {@code SINGLE_ISSUER | DEFER_TASKRUN | TASKRUN_FLAG} with lazy
 * enabling ({@code R_DISABLED}), {@code plain} for {@code SUBMIT_ALL} only. Measured on the shared 2-core VM
 * (kernel 6.18), per CPU-second of the loop thread, with NOPs in batches of 64 re-armed by their callbacks and a
 * one-loop TCP loopback ping-pong of 64-byte messages (one {@code io_uring_enter} per hop in every mode):
 * coop 9.5 M NOP/s and 75 k round trips/s, single 10.2 M and 80 k, plain 9.6 M and 76 k; run-to-run noise
 * is about 10 percent. The default stays off single-issuer although it led by 5 to 7 percent:
 * {@link io.zokio.loop.EventLoop#close()} may run on any thread once the loop stopped, and a single-issuer
 * ring cannot be reaped from a thread other than its submitter (see Shutdown).
 * The critical {@code io_uring_enter} handle measured about 5 percent ahead for NOPs, inside the noise.
 */
package io.zokio.loop.uring;
