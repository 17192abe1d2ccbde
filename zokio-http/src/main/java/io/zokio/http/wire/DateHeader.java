package io.zokio.http.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * <b>Threading:</b> safe from any thread.
 *
 * <p>The {@code Date: <IMF-fixdate>\r\n} field line, formatted at most once per second of the wall clock and
 * shared by every connection: a request reads the clock and, within the same second, reuses the bytes.
 */
public final class DateHeader {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Line(long second, byte[] bytes) {
    }

    private static volatile Line current = format(System.currentTimeMillis() / 1000);

    private DateHeader() {
    }

    /** The field line for the current second (do not modify the array). */
    public static byte[] line() {
        long second = System.currentTimeMillis() / 1000;
        Line l = current;
        if (l.second != second) {
            l = format(second); // two threads may both format a new second; either result is right
            current = l;
        }
        return l.bytes;
    }

    private static Line format(long second) {
        String s = "Date: " + FORMAT.format(Instant.ofEpochSecond(second)) + "\r\n";
        return new Line(second, s.getBytes(StandardCharsets.US_ASCII));
    }
}
