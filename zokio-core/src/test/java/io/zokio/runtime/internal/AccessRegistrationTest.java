package io.zokio.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeBuilder;
import org.junit.jupiter.api.Test;

/**
 * The runtime package registers its side of {@link RuntimeHooks} and {@link WorkerLoops} once, from its static
 * initializers; any later registration is refused, so nothing can swap the access out.
 */
class AccessRegistrationTest {

    @Test
    void theBuildersAccessCannotBeRegisteredTwice() {
        RuntimeBuilder b = Runtime.builder(); // initializes RuntimeBuilder, which registers
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RuntimeHooks.register(
                new RuntimeHooks.Access() {
                    @Override
                    public void loopDecorator(RuntimeBuilder builder, LoopDecorator decorator) {
                    }

                    @Override
                    public void deterministic(RuntimeBuilder builder, long seed, DeterministicLoop loop) {
                    }

                    @Override
                    public io.zokio.loop.Clock clock(RuntimeBuilder builder) {
                        return null;
                    }
                }));
        assertEquals("the builder's access is registered already", e.getMessage());
        assertSame(io.zokio.loop.Clock.SYSTEM, RuntimeHooks.clock(b), "the registered access still answers");
        assertThrows(NullPointerException.class, () -> RuntimeHooks.register(null));
    }

    @Test
    void theRuntimesAccessCannotBeRegisteredTwice() {
        Runtime.isWorkerThread(); // initializes Runtime, which registers
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WorkerLoops.register(rt -> null));
        assertEquals("runtime access is registered already", e.getMessage());
        assertThrows(NullPointerException.class, () -> WorkerLoops.register(null));
    }
}
