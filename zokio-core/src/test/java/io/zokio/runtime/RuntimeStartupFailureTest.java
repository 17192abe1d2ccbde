package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.Clock;
import io.zokio.loop.EventLoop;
import io.zokio.runtime.internal.DeterministicLoop;
import io.zokio.runtime.internal.RuntimeHooks;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A build that fails while opening the loops closes the ones already open and starts no worker; a decorated
 * and deterministic build is refused; the JMX view is named after the thread-name prefix.
 */
class RuntimeStartupFailureTest {

    @Test
    @Timeout(20)
    void aLoopThatFailsToOpenClosesTheOnesOpenedBefore() throws Exception {
        Set<Thread> before = RuntimeTestSupport.zokioThreads();
        AtomicReference<EventLoop> first = new AtomicReference<>();
        IllegalStateException refused = new IllegalStateException("loop 1 refused");
        RuntimeBuilder b = RuntimeHooks.decorateLoops(Runtime.builder().workers(2)
                .backend(RuntimeTestSupport.testBackend()).jmx(false), (worker, real) -> {
                    if (worker == 1) {
                        real.close();
                        throw refused;
                    }
                    first.set(real);
                    return real;
                });
        IllegalStateException thrown = assertThrows(IllegalStateException.class, b::build);
        assertSame(refused, thrown);
        assertNotNull(first.get());
        assertTrue(first.get().isClosed(), "the loop of worker 0 was closed");
        RuntimeTestSupport.assertNoNewThreads(before);
    }

    @Test
    void decoratedLoopsAndADeterministicRuntimeDoNotCombine() {
        DeterministicLoop unused = new DeterministicLoop() {
            @Override
            public Clock clock(Clock configured) {
                throw new AssertionError("not reached");
            }

            @Override
            public EventLoop open(Clock clock, BooleanSupplier timersArmed) {
                throw new AssertionError("not reached");
            }
        };
        RuntimeBuilder b = RuntimeHooks.deterministic(
                RuntimeHooks.decorateLoops(Runtime.builder(), (worker, real) -> real), 1, unused);
        assertThrows(IllegalStateException.class, b::build);
    }

    @Test
    @Timeout(20)
    void theJmxViewIsNamedAfterThePrefixWithoutItsTrailingDash() throws Exception {
        for (String prefix : new String[] {"startname", "startdash-"}) {
            java.lang.management.ManagementFactory.getPlatformMBeanServer(); // registers at build
            try (Runtime rt = Runtime.builder().workers(1).backend(RuntimeTestSupport.testBackend())
                    .threadNamePrefix(prefix).build()) {
                rt.mxBean().awaitTried();
                String name = rt.mxBean().objectName().getKeyProperty("name");
                String stem = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) : prefix;
                assertTrue(name.startsWith("\"" + stem + "-"), name);
                assertFalse(name.contains("--"), name);
            }
        }
    }
}
