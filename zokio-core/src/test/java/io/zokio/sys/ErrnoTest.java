package io.zokio.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Errno names for every constant (positive and negated), unknown values, and which accept errors retry. */
class ErrnoTest {

    private static List<Field> constants() {
        List<Field> out = new ArrayList<>();
        for (Field f : Errno.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void everyConstantIsNamedAfterItselfWhetherPositiveOrNegated() throws IllegalAccessException {
        List<Field> constants = constants();
        assertTrue(constants.size() > 30, "constants of Errno: " + constants.size());
        Set<Integer> values = new HashSet<>();
        for (Field f : constants) {
            int v = f.getInt(null);
            assertTrue(v > 0, f.getName());
            assertTrue(values.add(v), "duplicate value " + v + " for " + f.getName());
            assertEquals(f.getName(), Errno.name(v));
            assertEquals(f.getName(), Errno.name(-v));
        }
    }

    @Test
    void anUnknownValueIsNamedByItsNumber() {
        assertEquals("errno 200", Errno.name(200));
        assertEquals("errno 200", Errno.name(-200));
        assertEquals("errno 0", Errno.name(0));
        assertEquals("errno 71", Errno.name(71)); // EPROTO: no constant
    }

    @Test
    void acceptRetriesConnectionErrorsButNotListenerErrors() {
        for (int e : new int[] {Errno.EAGAIN, Errno.EINTR, Errno.ECONNABORTED, 71, 92, 100, 64, 112,
                Errno.EHOSTUNREACH, Errno.ENETUNREACH, Errno.EOPNOTSUPP}) {
            assertTrue(Errno.retryableAccept(e), Errno.name(e));
            assertTrue(Errno.retryableAccept(-e), Errno.name(e) + " negated");
        }
        for (int e : new int[] {Errno.EBADF, Errno.EINVAL, Errno.EMFILE, Errno.ENFILE, Errno.ENOMEM,
                Errno.ENOTSOCK, Errno.ECANCELED, 0}) {
            assertFalse(Errno.retryableAccept(e), Errno.name(e));
            assertFalse(Errno.retryableAccept(-e), Errno.name(e) + " negated");
        }
    }
}
