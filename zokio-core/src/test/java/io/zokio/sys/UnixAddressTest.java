package io.zokio.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The three kinds of Unix socket address, their {@code sun_path} forms, equality and conversion. */
class UnixAddressTest {

    @Test
    void theUnnamedAddressHasAnEmptyPathAndNoBytes() {
        UnixAddress u = UnixAddress.unnamed();
        assertTrue(u.isUnnamed());
        assertFalse(u.isAbstract());
        assertEquals("", u.name());
        assertEquals("", u.toString());
        assertEquals(Path.of(""), u.path());
        assertEquals(0, u.sunPath().length);
        assertSame(u, UnixAddress.ofPath(Path.of("")));
        assertSame(u, UnixAddress.of(UnixDomainSocketAddress.of("")));
        assertSame(u, UnixAddress.fromSunPath(new byte[108], 0));
        assertEquals(UnixDomainSocketAddress.of(""), u.toSocketAddress());
    }

    @Test
    void aPathStopsAtItsTerminatingNul() {
        byte[] sun = new byte[108];
        byte[] p = "/tmp/zokio.sock".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, sun, 0, p.length);
        UnixAddress decoded = UnixAddress.fromSunPath(sun, p.length + 3); // the kernel's length may count NULs
        assertEquals("/tmp/zokio.sock", decoded.name());
        assertEquals(Path.of("/tmp/zokio.sock"), decoded.path());
        assertEquals(p.length, decoded.length());
        assertArrayEquals(p, decoded.sunPath());

        UnixAddress exact = UnixAddress.fromSunPath(Arrays.copyOf(p, p.length), p.length); // no NUL in range
        UnixAddress made = UnixAddress.ofPath(Path.of("/tmp/zokio.sock"));
        assertEquals(made, decoded);
        assertEquals(made, exact);
        assertEquals(made.hashCode(), decoded.hashCode());
        assertEquals(UnixDomainSocketAddress.of("/tmp/zokio.sock"), decoded.toSocketAddress());
    }

    @Test
    void anAbstractNameHasALeadingNulAndNoPath() {
        UnixAddress a = UnixAddress.ofAbstract("zokio");
        assertTrue(a.isAbstract());
        assertFalse(a.isUnnamed());
        assertEquals("zokio", a.name());
        assertEquals("@zokio", a.toString());
        assertNull(a.path());
        assertEquals(5, a.length());
        byte[] sun = a.sunPath();
        assertArrayEquals(new byte[] {0, 'z', 'o', 'k', 'i', 'o'}, sun);
        assertEquals(a, UnixAddress.fromSunPath(Arrays.copyOf(sun, 108), sun.length));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, a::toSocketAddress);
        assertTrue(e.getMessage().contains("@zokio"), e.getMessage());
    }

    @Test
    void anEmptyAbstractNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.ofAbstract(""));
        assertThrows(NullPointerException.class, () -> UnixAddress.ofAbstract(null));
    }

    @Test
    void aPathAndAnAbstractNameOfTheSameBytesDiffer() {
        UnixAddress path = UnixAddress.ofPath(Path.of("same"));
        UnixAddress abs = UnixAddress.ofAbstract("same");
        assertNotEquals(path, abs);
        assertNotEquals(abs, path);
        assertNotEquals(path.hashCode(), abs.hashCode());
        assertNotEquals(path, UnixAddress.ofPath(Path.of("other")));
        assertNotEquals("same", path);
        assertEquals(abs, UnixAddress.ofAbstract("same"));
        assertEquals(abs.hashCode(), UnixAddress.ofAbstract("same").hashCode());
    }

    @Test
    void fitsIsTheSunPathLimit() {
        assertTrue(UnixAddress.ofPath(Path.of("x".repeat(UnixAddress.MAX_PATH_BYTES))).fits());
        assertFalse(UnixAddress.ofPath(Path.of("x".repeat(UnixAddress.MAX_PATH_BYTES + 1))).fits());
        assertFalse(UnixAddress.ofAbstract("y".repeat(UnixAddress.MAX_PATH_BYTES + 1)).fits());
    }
}
