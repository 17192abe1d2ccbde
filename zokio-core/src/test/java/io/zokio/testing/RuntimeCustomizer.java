package io.zokio.testing;

import io.zokio.runtime.RuntimeBuilder;

/**
 * Changes the runtimes that core's net and fs tests build, found through {@link java.util.ServiceLoader} on the
 * test class path (none in core's own test run; the test kit's tests provide one that puts them on
 * fault-injecting backends).
 */
public interface RuntimeCustomizer {
    /** {@code builder}, or {@code builder} changed; called once per runtime a test builds. */
    RuntimeBuilder customize(RuntimeBuilder builder);
}
