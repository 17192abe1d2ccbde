package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The io.zokio.BackendFallback JFR event carries its cause, and only an enabling recording sees it. */
class BackendFallbackEventTest {
    private static final String NAME = "io.zokio.BackendFallback";

    @Test
    @Timeout(30)
    void aFallbackIsRecordedWithItsCauseOnlyWhileEnabled(@TempDir Path dir) throws Exception {
        LoopEvents.backendFallback("before the recording");
        try (Recording rec = new Recording()) {
            rec.enable(NAME);
            rec.start();
            LoopEvents.backendFallback("io_uring_setup: ENOSYS");
            rec.stop();
            LoopEvents.backendFallback("after the recording");
            Path f = dir.resolve("fallback.jfr");
            rec.dump(f);
            List<RecordedEvent> events = RecordingFile.readAllEvents(f).stream()
                    .filter(e -> e.getEventType().getName().equals(NAME)).toList();
            assertEquals(1, events.size());
            assertEquals("io_uring_setup: ENOSYS", events.get(0).getString("cause"));
        }
    }
}
