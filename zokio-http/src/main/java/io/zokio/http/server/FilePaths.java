package io.zokio.http.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * <b>Threading:</b> stateless.
 *
 * <p>Request targets to file paths under the root, lexically: the target is percent-decoded (strict UTF-8),
 * split on {@code /}, empty and {@code .} segments dropped, and any {@code ..} segment refused, so the result
 * can never name anything above the root. NUL anywhere is refused. Symbolic links are the file handler's
 * concern: a lexical path can still reach outside through one.
 */
public final class FilePaths {
    private FilePaths() {
    }

    /** The path relative to the root ("" for the root itself), or null when the target must be refused (400). */
    public static String relative(String target) {
        if (target.isEmpty() || target.charAt(0) != '/') {
            return null; // only origin-form targets
        }
        int q = target.indexOf('?');
        String raw = q >= 0 ? target.substring(0, q) : target;
        int h = raw.indexOf('#');
        if (h >= 0) {
            raw = raw.substring(0, h);
        }
        String decoded = decode(raw);
        if (decoded == null || decoded.indexOf('\0') >= 0) {
            return null;
        }
        StringBuilder out = new StringBuilder(decoded.length());
        for (String seg : decoded.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                return null;
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(seg);
        }
        return out.toString();
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return null;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 127) {
                return null; // raw non-ASCII in a request line is malformed
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A Content-Type for a file name. */
    public static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "txt", "md" -> "text/plain; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "json" -> "application/json";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "svg" -> "image/svg+xml";
            case "pdf" -> "application/pdf";
            case "wasm" -> "application/wasm";
            default -> "application/octet-stream";
        };
    }

    /**
     * A single byte range of a file of {@code size} bytes, as {@code {first, last}} (inclusive); null when the
     * header is absent, malformed or asks for several ranges (then the whole file is served, as RFC 9110
     * section 14.2 allows); {@code {-1, -1}} when it is unsatisfiable (416).
     */
    public static long[] range(String header, long size) {
        if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = header.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    return new long[] {-1, -1};
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
            if (first < 0 || (!b.isEmpty() && last < first)) {
                return null; // syntactically invalid: ignore the header
            }
            if (first >= size) {
                return new long[] {-1, -1};
            }
            return new long[] {first, Math.min(last, size - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
