package io.zokio.loop.conformance;

import io.zokio.loop.BackendKind;

/** {@link FaultyConformanceTest} over the java.nio backend. */
class FaultyNioConformanceTest extends FaultyConformanceTest implements TransferConformance, MultishotConformance {
    @Override
    public BackendKind kind() {
        return BackendKind.NIO;
    }
}
