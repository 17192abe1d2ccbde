package io.zokio.bench.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PingLogTest {
    private static final long SLEEP = 1_000;

    @Test
    void keepsThePingsAsleepInTheWindowOnly() {
        PingLog a = new PingLog();
        a.record(0, 10);        // woke at 1010: before the window
        a.record(1_010, 5_000); // asleep when the window opened at 2000, woke at 7010
        a.record(7_010, 20);    // inside
        a.record(9_500, 900);   // started inside, woke after the window closed at 10000
        a.record(11_400, 1);    // after
        PingLog b = new PingLog();
        b.record(3_000, 7);
        assertArrayEquals(new long[] {7, 20, 900, 5_000}, PingLog.latenessIn(List.of(a, b), SLEEP, 2_000, 10_000));
    }

    @Test
    void growsPastItsFirstCapacity() {
        PingLog l = new PingLog();
        for (int i = 0; i < 10_000; i++) {
            l.record(i * 2_000L, i);
        }
        assertEquals(10_000, PingLog.latenessIn(List.of(l), SLEEP, 0, 20_000_000).length);
    }

    @Test
    void quantileIsNearestRank() {
        long[] sorted = new long[200];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(100, PingLog.quantile(sorted, 0.50));
        assertEquals(198, PingLog.quantile(sorted, 0.99));
        assertEquals(200, PingLog.quantile(sorted, 1.0));
        assertEquals(7, PingLog.quantile(new long[] {7}, 0.99));
    }
}
