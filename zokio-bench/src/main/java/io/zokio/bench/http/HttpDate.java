package io.zokio.bench.http;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * <b>Threading:</b> {@link #refresh()} from one thread (a timer of the server), {@link #now()} from any.
 *
 * <p>The {@code Date} header value (RFC 9110 IMF-fixdate) for servers whose framework sets none: formatted
 * once per second by a timer, read per response, as such servers usually do.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    private static volatile String value = format();

    private HttpDate() {
    }

    public static String now() {
        return value;
    }

    /** Formats the current second; call about once per second. */
    public static void refresh() {
        value = format();
    }

    private static String format() {
        return IMF_FIXDATE.format(ZonedDateTime.now(ZoneOffset.UTC));
    }
}
