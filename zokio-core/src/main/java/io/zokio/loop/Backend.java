package io.zokio.loop;

/**
 * The I/O engine under one {@link EventLoop}: io_uring, java.nio, or a test tool's backend.
 *
 * <p><b>Threading contract:</b> every method is called by the owning loop's thread only, and never two at once,
 * except {@link #wakeup()}, which any thread may call. {@link #attach} happens once, before any other call, on
 * the thread that builds the loop.
 *
 * <p><b>Completion contract:</b>
 * <ol>
 *   <li>{@link #submit} takes an {@link Op} other than {@link Op#TIMEOUT} (the loop owns timers). The backend
 *       owns the completion until it hands it back through {@link BackendContext#deliver}, exactly once per
 *       submit; a multishot operation may hand intermediate results through {@link BackendContext#deliverMore}
 *       first.</li>
 *   <li>A backend never delivers from inside {@code submit}: results that are known at once (validation
 *       errors, a read that did not need to wait) are delivered during the next {@link #poll}.</li>
 *   <li>{@link Op#CANCEL} arrives only for a target that is in this backend. The target then completes with
 *       {@code -ECANCELED} (unless it finished first) and the cancel with 0, {@code -ENOENT} or
 *       {@code -EALREADY}.</li>
 *   <li>{@link #close} ends every operation still in flight with {@code -ECANCELED} (or its real result if it
 *       completed meanwhile) and delivers each, then frees native resources. Nothing is lost.</li>
 * </ol>
 *
 * <p><b>Capabilities.</b> What a backend offers beyond this contract (socket calls, registered files, provided
 * buffer rings, fixed buffers, direct file calls) is listed in its {@link #features()}, each as a small
 * interface. A decorator (the test kit's fault injector) builds its own features, wrapping or passing on each
 * capability of the backend it decorates.
 *
 * <p>Descriptors ({@code fd}) are backend handles: kernel descriptors when
 * {@link BackendFeatures#kernelDescriptors()}, else indices into the backend's own table. Use them only with
 * the loop that created them.
 */
public interface Backend extends AutoCloseable {

    /**
     * Binds this backend to the loop that will drive it; {@code context} is how it delivers results and reaches
     * the per-operation state it keeps in each {@link Completion}.
     *
     * @throws IllegalStateException when the backend already belongs to a loop
     */
    void attach(BackendContext context);

    /** Queues an operation; it reaches the kernel at the latest in the next {@link #poll}. */
    void submit(Completion c);

    /**
     * Submits what is queued, then delivers every available completion. If none is available and
     * {@code waitNs != 0}, first waits for one for up to {@code waitNs} ({@code < 0}: without limit), returning
     * early on {@link #wakeup()}.
     *
     * @return the number of completions delivered
     */
    int poll(long waitNs);

    /** Makes a waiting (or the next) {@link #poll} return promptly. Any thread. */
    void wakeup();

    /** Operations submitted and not yet delivered. */
    int inFlight();

    /** Cancels everything in flight, delivers each completion, frees resources. Idempotent. */
    @Override
    void close();

    /** What this backend is and offers. The same object on every call. */
    BackendFeatures features();
}
