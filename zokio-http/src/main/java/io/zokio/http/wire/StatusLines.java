package io.zokio.http.wire;

import java.nio.charset.StandardCharsets;

/**
 * <b>Threading:</b> immutable after class initialization.
 *
 * <p>Precomputed {@code HTTP/1.1 <code> <reason>\r\n} bytes for every status 100 to 599, and reason phrases.
 */
public final class StatusLines {
    private static final byte[][] LINES = new byte[600][];

    static {
        for (int s = 100; s < 600; s++) {
            LINES[s] = ("HTTP/1.1 " + s + " " + reason(s) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private StatusLines() {
    }

    /** The status line with its CRLF; do not modify the array. @throws IllegalArgumentException outside 100..599 */
    public static byte[] line(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status out of 100..599: " + status);
        }
        return LINES[status];
    }

    /** The RFC 9110 reason phrase, or a generic one for unregistered codes. */
    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> switch (status / 100) {
                case 1 -> "Informational";
                case 2 -> "Success";
                case 3 -> "Redirection";
                case 4 -> "Client Error";
                default -> "Server Error";
            };
        };
    }
}
