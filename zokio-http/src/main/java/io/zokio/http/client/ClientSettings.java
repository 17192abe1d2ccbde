package io.zokio.http.client;

import io.zokio.tls.TlsConfig;
import java.time.Duration;

/** A client's configuration, fixed when it is built. {@code requestTimeout} null: none by default. */
record ClientSettings(Duration connectTimeout, Duration requestTimeout, Duration idleTimeout,
                      int maxConnectionsPerOrigin, int maxHeadBytes, long maxBodyBytes,
                      Duration expectContinueTimeout, TlsConfig tls) {
}
