package io.zokio.testing;

import io.zokio.runtime.RuntimeBuilder;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the net and fs tests' runtime builders pass before they build: every {@link RuntimeCustomizer} on the
 * class path changes them, in the order {@link ServiceLoader} finds them. In core's test run there is none, so
 * the tests run on plain runtimes; the test kit runs the same test classes (from core's test-jar) with its
 * customizer, which puts every runtime on fault-injecting backends.
 */
public final class TestRuntimes {
    private static final List<RuntimeCustomizer> CUSTOMIZERS = ServiceLoader.load(RuntimeCustomizer.class).stream()
            .map(ServiceLoader.Provider::get).toList();

    private TestRuntimes() {
    }

    /** {@code builder} after every customizer. */
    public static RuntimeBuilder customize(RuntimeBuilder builder) {
        RuntimeBuilder b = builder;
        for (RuntimeCustomizer c : CUSTOMIZERS) {
            b = c.customize(b);
        }
        return b;
    }
}
