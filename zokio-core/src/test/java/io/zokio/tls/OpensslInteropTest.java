package io.zokio.tls;

import static io.zokio.tls.TlsTestSupport.localhost;
import static io.zokio.tls.TlsTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zokio TLS against OpenSSL's {@code s_client} and {@code s_server} (skipped, with the reason, when the
 * openssl binary is missing), with PEM key material made by {@code openssl req}; each backend.
 */
@Timeout(60)
class OpensslInteropTest {
    private static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest
    @CsvSource({"NIO, TLSv1.3", "NIO, TLSv1.2", "IO_URING, TLSv1.3", "IO_URING, TLSv1.2"})
    void opensslClientToZokioServer(BackendKind kind, String protocol) throws Exception {
        Certs certs = Certs.get();
        Path[] pem = certs.opensslPem("ossl-ec", true);
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            TlsConfig sc = TlsConfig.builder().keyPem(pem[0], pem[1]).protocols(protocol)
                    .applicationProtocols("http/1.1").build();
            try (var server = new TlsTestSupport.Server(rt, sc, s -> {
                ByteBuffer b = ByteBuffer.allocate(6);
                s.readFully(b);
                String reply = new String(b.array(), StandardCharsets.US_ASCII).toUpperCase() + s.applicationProtocol()
                        + " " + s.requestedServerName() + "\n";
                s.writeAll(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
            })) {
                Process p = new ProcessBuilder(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
                        "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", pem[0].toString(),
                        "-verify_return_error", "-alpn", "http/1.1", protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2",
                        "-quiet")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try {
                    try (OutputStream in = p.getOutputStream()) {
                        in.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                    assertEquals("HELLO\nhttp/1.1 localhost\n", out);
                } finally {
                    p.destroyForcibly();
                }
                server.expectOk();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"NIO, TLSv1.3, true", "NIO, TLSv1.2, false", "IO_URING, TLSv1.3, false", "IO_URING, TLSv1.2, true"})
    void zokioClientToOpensslServer(BackendKind kind, String protocol, boolean ec) throws Exception {
        Certs certs = Certs.get();
        Path[] pem = certs.opensslPem(ec ? "ossl-ec" : "ossl-rsa", ec);
        Process p = new ProcessBuilder(List.of("openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", pem[0].toString(),
                "-key", pem[1].toString(), "-naccept", "1", "-rev", "-alpn", "h2")).redirectErrorStream(true).start();
        try (Runtime rt = TlsTestSupport.open(kind, 2)) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            int port = -1;
            for (String line; port < 0 && (line = lines.readLine()) != null; ) {
                if (line.startsWith("ACCEPT ")) {
                    port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim());
                }
            }
            assertTrue(port > 0, "s_server printed its port");
            int at = port;
            TlsConfig cc = TlsConfig.builder().trustPem(pem[0]).protocols(protocol).applicationProtocols("h2").build();
            String got = on(rt, () -> {
                try (TlsStream c = TlsStream.connect(rt, localhost(at), cc, T)) {
                    assertEquals(protocol, c.protocol());
                    assertEquals("h2", c.applicationProtocol());
                    c.writeAll(ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII)));
                    StringBuilder sb = new StringBuilder();
                    ByteBuffer b = ByteBuffer.allocate(64);
                    while (sb.indexOf("\n") < 0 && c.read(b) >= 0) { // -rev answers each line reversed
                        sb.append(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
                        b.clear();
                    }
                    return sb.toString().trim();
                }
            });
            assertEquals("olleh", got);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "s_server ends after its one connection");
        } finally {
            p.destroyForcibly();
        }
    }
}
