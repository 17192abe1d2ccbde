package io.zokio.runtime.internal;

import io.zokio.loop.EventLoop;

/**
 * Wraps each worker's loop as the runtime builds it (the test kit's fault injector puts a decorating backend
 * between the worker and the real one). Called on the thread that calls {@code RuntimeBuilder.build()}, once per
 * worker, before any worker starts.
 */
@FunctionalInterface
public interface LoopDecorator {
    /**
     * The loop worker {@code worker} runs: {@code real} itself, or a loop over a backend that delegates to it.
     * The returned loop owns {@code real}: closing it closes {@code real}.
     */
    EventLoop decorate(int worker, EventLoop real);
}
