package io.zokio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.sys.UnixAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a backend gets without asking: counters that count nothing, features without inline calls or native
 * links from the shorter constructors, a decorator's description that changes nothing else, and socket calls
 * that refuse Unix domain sockets unless the backend has them.
 */
class BackendFeaturesDefaultsTest {
    private final SocketCalls sockets = new FakeBackend().features().sockets();

    @Test
    void noCountersCountNothing() {
        assertEquals(0, BackendFeatures.Counters.NONE.kernelEntries());
        assertEquals(0, BackendFeatures.Counters.NONE.submissions());
    }

    @Test
    void theShorterConstructorsHaveNoLinkedOps() {
        BackendFeatures f = new BackendFeatures("b", "a backend", true, BackendFeatures.Counters.NONE, sockets,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(Optional.empty(), f.linkedOps());
        assertEquals(Optional.empty(), f.inlineCalls());
        assertTrue(f.kernelDescriptors());
    }

    @Test
    void withDescriptionChangesOnlyTheDescription() {
        LinkedOps links = chain -> { };
        BackendFeatures f = new BackendFeatures("b", "plain", false, BackendFeatures.Counters.NONE, sockets,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(links));
        BackendFeatures d = f.withDescription("decorated");
        assertEquals("decorated", d.description());
        assertEquals(new BackendFeatures("b", "decorated", false, BackendFeatures.Counters.NONE, sockets,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(links)), d);
        assertSame(links, d.linkedOps().orElseThrow());
    }

    @Test
    void socketCallsWithoutUnixDomainSupportRefuseIt() {
        UnixAddress a = UnixAddress.ofAbstract("zokio-none");
        for (org.junit.jupiter.api.function.Executable e : new org.junit.jupiter.api.function.Executable[] {
                () -> sockets.openUnixListener(a, 1), () -> sockets.openUnixSocket(a),
                () -> sockets.unixLocalAddress(3), () -> sockets.unixRemoteAddress(3)}) {
            UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, e);
            assertEquals("this backend has no Unix domain sockets", u.getMessage());
        }
    }
}
