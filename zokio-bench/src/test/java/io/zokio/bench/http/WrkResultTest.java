package io.zokio.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing of wrk's output, on text shaped like what wrk 4 prints; no wrk run. */
class WrkResultTest {
    private static final String PLAIN = """
            Running 2s test @ http://127.0.0.1:40001/plaintext
              2 threads and 256 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     3.10ms    1.20ms  40.00ms   90.00%
                Req/Sec    40.00k     2.00k   45.00k    70.00%
              Latency Distribution
                 50%    2.50ms
                 75%    3.00ms
                 90%    4.00ms
                 99%  850.00us
              80000 requests in 2.00s, 10.00MB read
            Requests/sec:  40000.00
            Transfer/sec:      5.00MB
            0m0.000s 0m0.000s
            0m0.500s 1m0.250s
            """;

    @Test
    void parsesCountsLatencyAndClientCpu() {
        WrkResult r = WrkResult.parse(PLAIN);
        assertEquals(80_000, r.requests());
        assertEquals(2.0, r.secs(), 1e-9);
        assertEquals(40_000, r.rate(), 1e-6);
        assertEquals(2.5, r.p50Ms(), 1e-9);
        assertEquals(0.85, r.p99Ms(), 1e-9);
        assertEquals(60.75, r.clientCpuSecs(), 1e-9);
        assertFalse(r.hasErrors());
    }

    @Test
    void countsErrorsAndTakesZeroPercentilesAsMissing() {
        String out = PLAIN.replace(" 99%  850.00us", " 99%    0.00us")
                .replace("Requests/sec", "  Socket errors: connect 1, read 2, write 3, timeout 4\n"
                        + "  Non-2xx or 3xx responses: 5\nRequests/sec")
                .replace("80000 requests in 2.00s", "80000 requests in 1.50m");
        WrkResult r = WrkResult.parse(out);
        assertTrue(Double.isNaN(r.p99Ms()));
        assertEquals(2.5, r.p50Ms(), 1e-9);
        assertEquals(10, r.socketErrors());
        assertEquals(5, r.non2xx());
        assertEquals(90.0, r.secs(), 1e-9);
        assertTrue(r.hasErrors());
    }

    @Test
    void rejectsOutputWithoutResults() {
        assertThrows(IllegalArgumentException.class, () -> WrkResult.parse("unable to connect to 127.0.0.1:1"));
        assertThrows(IllegalArgumentException.class,
                () -> WrkResult.parse("  100 requests in 1.00s, 1.00MB read\n"));
    }
}
