import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that the README shows the consumer check's examples as they are compiled: every region between
 * {@code // README-SNIPPET: NAME} and {@code // README-SNIPPET-END} in the given sources, its common indentation
 * removed, regions of one name joined by a blank line, must appear in the README verbatim (as lines of one code
 * block). Usage: java CheckReadme.java README.md SOURCE...
 */
public final class CheckReadme {

    public static void main(String[] args) throws IOException {
        String readme = Files.readString(Path.of(args[0]));
        Map<String, List<String>> snippets = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            collect(Files.readAllLines(Path.of(args[i])), args[i], snippets);
        }
        if (snippets.isEmpty()) {
            fail("no README-SNIPPET regions found");
        }
        int missing = 0;
        for (var e : snippets.entrySet()) {
            String text = String.join("\n\n", e.getValue()) + "\n";
            if (!readme.contains("\n" + text)) {
                System.err.println("README.md lacks the snippet '" + e.getKey() + "' as compiled:\n" + text);
                missing++;
            }
        }
        if (missing > 0) {
            fail(missing + " snippet(s) differ from the README");
        }
        System.out.println("README snippets match the compiled examples: " + String.join(", ", snippets.keySet()));
    }

    private static void collect(List<String> lines, String file, Map<String, List<String>> out) {
        String name = null;
        List<String> region = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("// README-SNIPPET:")) {
                if (name != null) {
                    fail(file + ": nested README-SNIPPET");
                }
                name = t.substring("// README-SNIPPET:".length()).strip();
                region.clear();
            } else if (t.equals("// README-SNIPPET-END")) {
                if (name == null) {
                    fail(file + ": README-SNIPPET-END without a start");
                }
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(dedent(region));
                name = null;
            } else if (name != null) {
                region.add(line);
            }
        }
        if (name != null) {
            fail(file + ": README-SNIPPET " + name + " not closed");
        }
    }

    private static String dedent(List<String> region) {
        int indent = Integer.MAX_VALUE;
        for (String l : region) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : region) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(l.isBlank() ? "" : l.substring(indent).stripTrailing());
        }
        return sb.toString();
    }

    private static void fail(String message) {
        System.err.println("CheckReadme: " + message);
        System.exit(1);
    }
}
