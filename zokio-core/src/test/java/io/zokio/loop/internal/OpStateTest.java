package io.zokio.loop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.Completion;
import org.junit.jupiter.api.Test;

/** The loop registers its field access once, from {@link Completion}'s initializer; a second one is refused. */
class OpStateTest {

    @Test
    void fieldAccessCannotBeRegisteredTwice() {
        Completion c = new Completion(); // initializes Completion, which registers
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpState.register(null));
        assertEquals("field access is registered already", e.getMessage());
        OpState.token(c, 42L);
        assertEquals(42L, OpState.token(c), "the registered access still works");
    }
}
