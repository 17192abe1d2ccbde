package io.zokio.faults;

import io.zokio.runtime.RuntimeBuilder;
import io.zokio.testing.RuntimeCustomizer;

/**
 * Core's {@link RuntimeCustomizer} in the test kit's test runs (registered in
 * {@code META-INF/services/io.zokio.testing.RuntimeCustomizer}): {@link FaultRuns#apply}, which changes nothing
 * unless {@code -Dzokio.test.faults=preserving} is set.
 */
public final class FaultRunsCustomizer implements RuntimeCustomizer {
    @Override
    public RuntimeBuilder customize(RuntimeBuilder builder) {
        return FaultRuns.apply(builder);
    }
}
