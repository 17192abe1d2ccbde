package io.zokio.bench.report;

import io.zokio.bench.Result;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** A hand-built report covering every case the writers handle, and a strict XML parser for their output. */
final class ReportFixtures {
    static final String NASTY_REASON = "io_uring refused: <EPERM> & \"seccomp\" | 'pipe'";

    private ReportFixtures() {
    }

    static RunInfo run() {
        return new RunInfo(Instant.parse("2026-11-27T12:00:00Z"), 63.25, "2 cpus, Test CPU, Linux 6.18 amd64",
                "25.0.3, Test VM", "QUICK, idle balanced", "bench --quick --report out");
    }

    /**
     * pingpong (baselines, one skipped with a reason full of markup), echo (three groups), nop (no external
     * baseline), odd (escaping in names, an "other" impl, a measured zero), gone (aborted, no results).
     */
    static Report report() {
        List<Result> rs = new ArrayList<>();
        rs.add(Result.measured("pingpong", "zokio-uring", 86625, 1.0, Map.of("backend", "io_uring")));
        rs.add(Result.measured("pingpong", "zokio-nio", 79378, 1.0, Map.of()));
        rs.add(Result.measured("pingpong", "netty-epoll", 21408, 1.0, Map.of()));
        rs.add(Result.skipped("pingpong", "netty-iouring", Map.of(), NASTY_REASON));
        rs.add(Result.measured("pingpong", "jdk-nio", 17400, 1.0, Map.of()));
        for (int c : new int[] {1, 16, 128}) {
            for (String impl : List.of("zokio-uring", "netty-epoll")) {
                rs.add(Result.measured("echo", impl, 1000L * c + impl.length(), 0.5,
                        Result.pairs("connections", Integer.toString(c), "p99_us", "12.5")));
            }
        }
        rs.add(Result.measured("nop", "zokio-uring", 10_385_104, 1.0, Map.of()));
        rs.add(Result.measured("nop", "zokio-nio", 79_534_427, 1.0, Map.of()));
        rs.add(Result.measured("odd", "zokio-a|b<c>&", 5, 2.0, Map.of()));
        rs.add(Result.measured("odd", "tokio-ref", 0, 1.0, Map.of()));
        rs.add(Result.measured("odd", "base\"line'", 7, 1.0, Map.of()));
        Map<String, List<String>> baselines = new LinkedHashMap<>();
        baselines.put("pingpong", List.of("netty-epoll", "netty-iouring", "jdk-nio"));
        baselines.put("echo", List.of("netty-epoll"));
        baselines.put("nop", List.of());
        baselines.put("odd", List.of("base\"line'"));
        baselines.put("gone", List.of("x"));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String b : List.of("pingpong", "echo", "nop", "odd", "gone")) {
            headers.put(b, b + ": workload of " + b + " <with markup & such>");
        }
        return Report.of(run(), rs, baselines, headers, Map.of("gone", "IllegalStateException: boom <x>"));
    }

    /** Parses {@code xml} as namespace-aware XML; no DTD loading, no external entities. */
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setExpandEntityReferences(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new InputSource(new StringReader(xml)));
    }
}
