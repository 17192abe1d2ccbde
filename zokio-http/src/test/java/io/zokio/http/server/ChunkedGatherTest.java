package io.zokio.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Gathering a chunked body received whole or in part (RFC 9112 section 7.1). */
class ChunkedGatherTest {
    private final ChunkedGather gather = new ChunkedGather();

    private int gather(String raw, long maxBody) {
        byte[] b = raw.getBytes(StandardCharsets.ISO_8859_1);
        return gather.gather(b, 0, b.length, maxBody);
    }

    private String body() {
        return new String(Arrays.copyOf(gather.data(), gather.size()), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aWholeBodyWithExtensionsAndTrailersIsGathered() {
        String raw = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n";
        assertEquals(raw.length(), gather(raw + "GET / HTTP/1.1\r\n", 100), "ends just past the empty line");
        assertEquals("hello, world", body());
        assertEquals(5, gather("0\r\n\r\n", 100));
        assertEquals("", body());
    }

    @Test
    void everyProperPrefixNeedsMore() {
        String raw = "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\n";
        for (int n = 0; n < raw.length(); n++) {
            assertEquals(ChunkedGather.NEED_MORE, gather(raw.substring(0, n), 100), "prefix of " + n);
        }
        assertEquals(raw.length(), gather(raw, 100));
        assertEquals("abc0123456789abcdef", body());
    }

    @Test
    void malformedChunksAreRefused() {
        assertEquals(ChunkedGather.MALFORMED, gather("x\r\nabc\r\n0\r\n\r\n", 100), "no hex digit");
        assertEquals(ChunkedGather.MALFORMED, gather("3\nabc\r\n0\r\n\r\n", 100), "bare LF after the size");
        assertEquals(ChunkedGather.MALFORMED, gather("3\r\nabcd\r\n0\r\n\r\n", 100), "data longer than its size");
        assertEquals(ChunkedGather.MALFORMED, gather("0\r\nT: v\n\r\n", 100), "bare LF in a trailer");
        assertEquals(ChunkedGather.MALFORMED, gather("\r\n", 100), "an empty size line");
        assertEquals(ChunkedGather.MALFORMED, gather("f".repeat(20) + "\r\n", 100), "a size beyond 2^60");
        assertEquals(ChunkedGather.MALFORMED, gather("1" + ";e".repeat(3000) + "\r\n", 100), "a size line of 6 KB");
    }

    @Test
    void aBodyOverTheLimitIsTooLargeBeforeItArrives() {
        assertEquals(ChunkedGather.TOO_LARGE, gather("b\r\n", 10), "declared by its first chunk");
        assertEquals(ChunkedGather.TOO_LARGE, gather("5\r\nhello\r\n6\r\n", 10), "the sum of the chunks");
        assertEquals(ChunkedGather.NEED_MORE, gather("5\r\nhello\r\n5\r\n", 10), "exactly the limit is fine");
    }
}
