package io.zokio.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bench.Result;
import io.zokio.bench.Sample;
import io.zokio.bench.Spread;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A result of rounds shows its median with the lowest and highest round beside it; min and max leave the details. */
class SpreadCellTest {
    @Test
    void medianThenSpread() {
        Spread s = Spread.of(List.of(Sample.of(1_000, 1.0), Sample.of(3_000, 1.0), Sample.of(2_000, 1.0)));
        Result r = Result.ofRounds("nop", "zokio-nio", s, Map.of("batch", "64"));
        assertEquals("2,000 (1,000-3,000)", Tables.withSpread(r));
        assertEquals("rounds=3 batch=64", Tables.details(r));
        Report report = Report.of(ReportFixtures.run(), List.of(r), Map.of("nop", List.of()), Map.of("nop", "nop: x"),
                Map.of());
        assertTrue(MarkdownReport.render(report, "chart.svg").contains("| 2,000 (1,000-3,000) |"));
    }

    @Test
    void aSingleWindowShowsItsRateAlone() {
        assertEquals("1,500", Tables.withSpread(Result.measured("nop", "zokio-nio", 3_000, 2.0, Map.of())));
    }
}
