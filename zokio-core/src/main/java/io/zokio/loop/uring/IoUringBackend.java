package io.zokio.loop.uring;

import io.zokio.loop.Backend;
import java.io.IOException;

/** Placeholder: being written. */
public abstract class IoUringBackend extends Backend {
    public static IoUringBackend open(int entries) throws IOException {
        throw new UnsupportedOperationException("io_uring backend not built yet");
    }
}
