package io.zokio.bench.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * <b>Threading:</b> stateless; one thread per call.
 *
 * <p>Checks a freshly started hello server before any load: one {@code GET} of the bench's path, repeated until
 * it answers or a deadline passes (a cold JVM on busy cores can take seconds for its first response), and
 * then the answer itself: status 200, the exact body and the content type; Server and Date headers are noted
 * when missing.
 *
 * @param failure what was wrong, or null
 * @param missingHeaders the names of the Server and Date headers the answer lacked, comma-separated, or empty
 */
record Probe(String failure, String missingHeaders) {

    /**
     * Checks the server at {@code url}, waiting up to {@code timeout} for its first answer.
     *
     * @param json whether the answer is the JSON one, else the plaintext one
     */
    static Probe check(String url, boolean json, Duration timeout) throws InterruptedException {
        byte[] expected = json ? Hello.json() : Hello.text();
        String type = json ? Hello.JSON_TYPE : Hello.TEXT_TYPE;
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    return verdict(r, expected, type);
                } catch (IOException e) {
                    last = e.toString();
                    Thread.sleep(200);
                }
            }
        }
        return new Probe("no answer to GET " + url + " within " + timeout.toSeconds() + " s: " + last, "");
    }

    private static Probe verdict(HttpResponse<byte[]> r, byte[] expected, String type) {
        if (r.statusCode() != 200) {
            return new Probe("GET answered " + r.statusCode(), "");
        }
        if (!Arrays.equals(r.body(), expected)) {
            return new Probe("unexpected body: " + new String(r.body(), StandardCharsets.UTF_8), "");
        }
        String ct = r.headers().firstValue("content-type").orElse("");
        if (!ct.toLowerCase(Locale.ROOT).startsWith(type)) {
            return new Probe("content-type '" + ct + "', expected " + type, "");
        }
        StringBuilder missing = new StringBuilder();
        for (String h : new String[] {"server", "date"}) {
            if (r.headers().firstValue(h).isEmpty()) {
                missing.append(missing.isEmpty() ? "" : ",").append(h);
            }
        }
        return new Probe(null, missing.toString());
    }
}
