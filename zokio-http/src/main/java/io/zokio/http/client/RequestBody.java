package io.zokio.http.client;

import java.io.InputStream;

/**
 * A request's content: none, whole bytes (sent with {@code Content-Length}, replayable), or a stream read once
 * (with {@code Content-Length} when its length is known, else chunked).
 */
sealed interface RequestBody {
    /** No content. */
    record None() implements RequestBody {
    }

    /** Whole content, which a retry may send again. */
    record Bytes(byte[] bytes) implements RequestBody {
    }

    /** Content read from {@code in} once; {@code length} -1 when unknown (chunked transfer coding). */
    record Stream(InputStream in, long length) implements RequestBody {
    }

    RequestBody NONE = new None();

    /** Whether the request can be sent again after a failed attempt. */
    default boolean replayable() {
        return !(this instanceof Stream);
    }
}
