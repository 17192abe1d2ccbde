package io.zokio.loop.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.sys.Errno;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the NIO backend refuses: a bad pool size, a second loop, work after close, a TIMEOUT sent to it. */
@Timeout(20)
class NioBackendMisuseTest extends NioLoopFixture {
    @Test
    void filePoolNeedsAThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NioBackend.open(0));
        assertEquals("file pool threads must be positive: 0", e.getMessage());
    }

    @Test
    void backendAttachesToOneLoopOnly() {
        open(1);
        try {
            assertThrows(IllegalStateException.class, () -> loop.backend().attach(null));
        } finally {
            closeAll();
        }
    }

    @Test
    void closedBackendRefusesWork() {
        open(1);
        NioBackend b = (NioBackend) loop.backend();
        closeAll();
        assertThrows(IllegalStateException.class, () -> b.submit(new Completion().prepNop()));
        assertThrows(IllegalStateException.class, () -> b.attachGroup(null));
        assertEquals(0, b.poll(0));
        b.close(); // idempotent
        assertEquals(0, b.inFlight());
    }

    @Test
    void timeoutSentToTheBackendIsEinval() {
        open(1);
        try {
            Recorder r = new Recorder();
            loop.backend().submit(new Completion().prepTimeout(1_000_000L).callback(r));
            runUntil(r::done);
            assertEquals(-Errno.EINVAL, r.result, "timers belong to the loop");
            assertEquals(1, r.calls);
        } finally {
            closeAll();
        }
    }
}
