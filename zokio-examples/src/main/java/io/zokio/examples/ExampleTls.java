package io.zokio.examples;

import io.zokio.tls.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The examples' {@code --tls-cert C --tls-key K} options: a server {@link TlsConfig} from PEM files. */
public final class ExampleTls {
    private ExampleTls() {
    }

    /**
     * A server config from a PEM certificate chain and private key, or null when neither is given (plain TCP).
     *
     * @throws IllegalArgumentException when only one of the two is given
     * @throws UncheckedIOException when the files cannot be read or parsed
     */
    public static TlsConfig serverConfig(String certChain, String key) {
        if (certChain == null && key == null) {
            return null;
        }
        if (certChain == null || key == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        try {
            return TlsConfig.builder().keyPem(Path.of(certChain), Path.of(key)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the TLS certificate or key: " + e.getMessage(), e);
        }
    }
}
