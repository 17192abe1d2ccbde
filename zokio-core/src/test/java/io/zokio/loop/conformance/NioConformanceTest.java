package io.zokio.loop.conformance;

import io.zokio.loop.BackendKind;

/** {@link BackendConformanceTest} on the java.nio backend, which runs wherever the JDK does. */
class NioConformanceTest extends BackendConformanceTest implements TransferConformance, MultishotConformance {
    @Override
    public BackendKind kind() {
        return BackendKind.NIO;
    }
}
