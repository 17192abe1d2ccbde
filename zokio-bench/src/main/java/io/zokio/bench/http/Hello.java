package io.zokio.bench.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> any thread; the mapper is shared (Jackson's {@link ObjectMapper} is thread-safe once
 * configured).
 *
 * <p>What every hello server answers: {@code GET /plaintext} with the bytes of {@value #TEXT} as
 * {@value #TEXT_TYPE}, {@code GET /json} with {@code {"message":"Hello, World!"}} as {@value #JSON_TYPE},
 * serialized per request from a new {@link Message} by one shared {@link ObjectMapper}.
 */
public final class Hello {
    public static final String TEXT = "Hello, World!";
    public static final String TEXT_TYPE = "text/plain";
    public static final String JSON_TYPE = "application/json";
    public static final String PLAINTEXT_PATH = "/plaintext";
    public static final String JSON_PATH = "/json";
    /** The {@code Server} header value of the baselines that set none themselves. */
    public static final String SERVER_NAME = "zokio-bench";

    private static final byte[] TEXT_BYTES = TEXT.getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The JSON body's object. */
    public record Message(String message) {
    }

    private Hello() {
    }

    /** The plaintext body; callers must not change the array. */
    public static byte[] text() {
        return TEXT_BYTES;
    }

    /** A freshly serialized JSON body. */
    public static byte[] json() {
        try {
            return MAPPER.writeValueAsBytes(new Message(TEXT));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the hello message", e);
        }
    }
}
