package io.zokio.bridge;

import io.zokio.fs.AsyncFile;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link InputStream} and {@link OutputStream} over files read and written through Zokio, for stream-based
 * libraries (JSON parsers, zip, {@code Files.copy} consumers): their reads go through the runtime's loops
 * instead of pinning a virtual thread's carrier in {@code read(2)}. The streams buffer nothing beyond what
 * {@link Channels} adds; wrap them in a {@code BufferedInputStream} for byte-at-a-time readers.
 *
 * <p><b>Threading:</b> each stream is for one thread at a time. Closing a stream closes its file.
 */
public final class FileStreams {
    private FileStreams() {
    }

    /** An input stream reading {@code path} from the start, on {@code rt}. */
    public static InputStream newInputStream(Runtime rt, Path path) throws IOException {
        return Channels.newInputStream(AsyncFileChannel.open(AsyncFile.open(rt, path, StandardOpenOption.READ),
                false));
    }

    /**
     * An output stream writing {@code path} from the start, on {@code rt}: created if missing, truncated if it
     * exists (as {@code java.nio.file.Files.newOutputStream} with no options).
     */
    public static OutputStream newOutputStream(Runtime rt, Path path) throws IOException {
        AsyncFile f = AsyncFile.open(rt, path, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return Channels.newOutputStream(AsyncFileChannel.open(f, true));
    }
}
