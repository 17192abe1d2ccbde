package io.zokio.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class StartupClassesTest {
    @Test
    void everyNameNamesAClassOfTheLibrary() {
        ClassLoader loader = StartupClasses.class.getClassLoader();
        for (String name : StartupClasses.NAMES) {
            Class<?> c = assertDoesNotThrow(() -> Class.forName(name, false, loader), name);
            assertEquals(name, c.getName());
        }
    }

    @Test
    void noNameWaitsForTheBinding() {
        for (String name : StartupClasses.NAMES) {
            assertFalse(name.startsWith("io.zokio.loop.uring.ffi."), name + " would wait for the io_uring binding");
        }
        assertEquals(StartupClasses.NAMES.size(), new HashSet<>(StartupClasses.NAMES).size(), "no name twice");
    }
}
