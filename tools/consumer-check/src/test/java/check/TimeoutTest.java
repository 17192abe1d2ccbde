package check;

// README-SNIPPET: testkit
import io.zokio.Zokio;
import io.zokio.runtime.Runtime;
import io.zokio.testkit.DeterministicRuntime;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.*;
// README-SNIPPET-END

/** The README's test on the deterministic runtime, run against the installed io.zokio:zokio-testkit. */
class TimeoutTest {

    // README-SNIPPET: testkit
    @Test
    void slowLookupsTimeOut() throws Exception {
        for (long seed = 0; seed < 100; seed++) {
            try (Runtime rt = DeterministicRuntime.build(seed)) {
                long start = rt.clock().nanoTime();
                var e = assertThrows(CompletionException.class, () -> rt.blockOn(() ->
                        rt.timeout(Duration.ofSeconds(2), () -> {
                            Zokio.sleep(Duration.ofMinutes(1));   // the slow dependency: no real time passes
                            return "value";
                        })));
                assertInstanceOf(TimeoutException.class, e.getCause());
                assertEquals(Duration.ofSeconds(2).toNanos(), rt.clock().nanoTime() - start, 1_000_000); // virtual
            }
        }
    }
    // README-SNIPPET-END
}
