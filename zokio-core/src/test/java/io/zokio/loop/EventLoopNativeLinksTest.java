package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.testing.TestClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * submitLinked on a backend that links natively (and has its own descriptor table, so the loop does not
 * translate descriptors): the whole chain goes to the backend in one call, and a chain the backend refuses leaves
 * every member idle and reusable, with nothing counted as active.
 */
@Timeout(10)
class EventLoopNativeLinksTest {

    /** A FakeBackend whose features offer native links (recorded, or refused) and a no-op file table. */
    static final class LinkingBackend extends ForwardingFakeBackend {
        final List<Completion[]> chains = new ArrayList<>();
        RuntimeException refusal;
        private final FixedFiles files = new FixedFiles() {
            @Override
            public void registerFiles(int[] fds) {
            }

            @Override
            public void unregisterFiles() {
            }

            @Override
            public void updateFile(int index, int fd) {
            }
        };
        private final BackendFeatures features = new BackendFeatures("links", "fake with native links", true,
                BackendFeatures.Counters.NONE, fake.features().sockets(), Optional.of(files), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(chain -> {
                    if (refusal != null) {
                        throw refusal;
                    }
                    chains.add(chain);
                }));

        @Override
        public BackendFeatures features() {
            return features;
        }
    }

    private final LinkingBackend backend = new LinkingBackend();
    private final EventLoop loop = new EventLoop(backend, new TestClock(), IdleMode.POWER_SAVE);

    @AfterEach
    void close() {
        loop.close();
    }

    private static Completion nop() {
        return new Completion().prepNop().callback((l, c, r) -> Action.DISARM);
    }

    @Test
    void theWholeChainGoesToTheBackendInOneCall() {
        Completion a = nop();
        Completion b = nop();
        loop.submitLinked(a, b);
        assertEquals(1, backend.chains.size());
        assertArrayEquals(new Completion[] {a, b}, backend.chains.get(0));
        assertTrue(a.isActive() && b.isActive());
        assertEquals(2, loop.active());
        assertTrue(backend.fake.submitted.isEmpty(), "not submitted one by one");
    }

    @Test
    void aRefusedChainLeavesEveryMemberIdleAndReusable() {
        IllegalArgumentException refusal = new IllegalArgumentException("longer than the submission queue");
        backend.refusal = refusal;
        Completion a = nop();
        Completion b = nop();
        assertSame(refusal, assertThrows(IllegalArgumentException.class, () -> loop.submitLinked(a, b)));
        assertFalse(a.isActive());
        assertFalse(b.isActive());
        assertEquals(0, loop.active());
        loop.submit(a); // reusable at once
        assertTrue(a.isActive());
        assertEquals(1, loop.active());
    }
}
