package io.zokio.loop.nio;

import io.zokio.loop.Backend;
import io.zokio.loop.BackendKind;
import io.zokio.loop.BackendProvider;
import io.zokio.loop.EventLoopBuilder;
import java.io.IOException;

/** Opens {@link NioBackend}s for the loop's builder (found through {@link java.util.ServiceLoader}). */
public final class NioProvider implements BackendProvider {
    @Override
    public BackendKind kind() {
        return BackendKind.NIO;
    }

    @Override
    public Backend open(EventLoopBuilder.Settings settings) throws IOException {
        return NioBackend.open(settings.filePoolThreads());
    }
}
