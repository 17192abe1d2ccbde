/**
 * Zokio: an asynchronous runtime for Java 25.
 *
 * <p>Only {@code io.zokio.loop.uring.ffi} uses restricted FFM methods; run with
 * {@code --enable-native-access=io.zokio} (module path) or {@code --enable-native-access=ALL-UNNAMED}
 * (class path) to silence the JDK's warning.
 */
module io.zokio {
    requires jdk.jfr;
    requires java.management;

    exports io.zokio;
    exports io.zokio.sys;
    exports io.zokio.loop;
    exports io.zokio.metrics;
    exports io.zokio.time;
    exports io.zokio.runtime;
    exports io.zokio.buffer;
    exports io.zokio.net;
    exports io.zokio.fs;
    exports io.zokio.tls;
    exports io.zokio.bridge;

    // for the test kit only: backend state its backends keep in completions, and the runtime's test hooks
    exports io.zokio.loop.internal to io.zokio.testkit;
    exports io.zokio.runtime.internal to io.zokio.testkit;

    uses io.zokio.loop.BackendProvider;
    provides io.zokio.loop.BackendProvider with io.zokio.loop.uring.UringProvider, io.zokio.loop.nio.NioProvider;
}
