package io.zokio.bench.report;

import java.util.Locale;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>Escaping and number formatting shared by the writers; {@link Locale#ROOT} everywhere so that a report does
 * not depend on the machine's locale.
 */
public final class Text {
    private Text() {
    }

    /** Escapes for XML text and attribute values (SVG, HTML); drops control characters XML 1.0 forbids. */
    public static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\t', '\n', '\r' -> sb.append(' ');
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Escapes for a markdown table cell: pipes escaped, line breaks flattened, an empty cell shown as "-". */
    public static String md(String s) {
        if (s == null || s.isBlank()) {
            return "-";
        }
        return s.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s*[\\r\\n\\t]+\\s*", " ").strip();
    }

    /** A rate with an SI suffix and three significant digits: {@code 10.4M}, {@code 86.6k}, {@code 823}. */
    public static String si(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String[] suffix = {"", "k", "M", "G", "T"};
        int i = 0;
        while (a >= 999.5 && i < suffix.length - 1) {
            a /= 1000;
            v /= 1000;
            i++;
        }
        String num;
        if (a == 0 || a >= 99.95) {
            num = String.format(Locale.ROOT, "%.0f", v);
        } else if (a >= 9.995) {
            num = String.format(Locale.ROOT, "%.1f", v);
        } else if (a >= 0.9995 || i > 0) {
            num = String.format(Locale.ROOT, "%.2f", v);
        } else {
            num = String.format(Locale.ROOT, "%.3g", v);
        }
        if (num.contains(".")) {
            num = num.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return num + suffix[i];
    }

    /** A whole-number rate with thousands separators: {@code 10,385,104}. */
    public static String grouped(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** A ratio as {@code 1.23x}, or {@code n/a} when it is not a finite number. */
    public static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2fx", r) : "n/a";
    }

    /** {@code s} cut to {@code max} characters, with an ellipsis when cut. */
    public static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        return max <= 1 ? "\u2026" : s.substring(0, max - 1) + "\u2026";
    }
}
