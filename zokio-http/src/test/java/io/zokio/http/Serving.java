package io.zokio.http;

import io.zokio.loop.BackendKind;

/** How a test server serves: its backend, and where its handler runs. */
enum Serving {
    NIO(BackendKind.NIO, HandlerMode.VIRTUAL_THREAD),
    IO_URING(BackendKind.IO_URING, HandlerMode.VIRTUAL_THREAD),
    NIO_LOOP(BackendKind.NIO, HandlerMode.EVENT_LOOP),
    IO_URING_LOOP(BackendKind.IO_URING, HandlerMode.EVENT_LOOP);

    final BackendKind backend;
    final HandlerMode mode;

    Serving(BackendKind backend, HandlerMode mode) {
        this.backend = backend;
        this.mode = mode;
    }
}
