package io.zokio.loop.nio;

import io.zokio.loop.Backend;
import java.io.IOException;

/** Placeholder: being written. */
public abstract class NioBackend extends Backend {
    public static NioBackend open(int filePoolThreads) throws IOException {
        throw new UnsupportedOperationException("nio backend not built yet");
    }
}
