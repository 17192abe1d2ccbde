package io.zokio.http.client;

/** A parsed response head: {@code HTTP/1.minor}, status code, reason phrase and fields. */
record ResponseHead(int minorVersion, int status, String reason, ClientHeaders headers) {
    /** Whether this is an interim (1xx) response, to be followed by another head. */
    boolean informational() {
        return status < 200;
    }
}
