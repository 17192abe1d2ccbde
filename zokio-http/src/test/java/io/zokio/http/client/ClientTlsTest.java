package io.zokio.http.client;

import static io.zokio.http.client.ClientTests.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.tls.TlsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** https against the JDK's HTTPS server with self-signed certificates: trust, reuse, hostname verification. */
class ClientTlsTest {
    private static void hello(HttpExchange ex) throws IOException {
        byte[] body = ("hello over " + ex.getRequestMethod()).getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void echo(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(in);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void httpsWithTrustedSelfSignedCertificateReusesTheConnection(BackendKind kind) throws Exception {
        TlsConfig tls = TlsConfig.builder().trustStore(TestCerts.trusting("localhost")).build();
        try (Runtime rt = ClientTests.runtime(kind);
             JdkServer server = JdkServer.https(TestCerts.serverContext("localhost"))
                     .handle("/hello", ClientTlsTest::hello).handle("/echo", ClientTlsTest::echo).start();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).tls(tls).build()) {
            on(rt, () -> {
                for (int i = 0; i < 3; i++) {
                    ClientResponse r = client.send(ClientRequest.get(server.uri("localhost", "/hello")));
                    assertEquals(200, r.status());
                    assertEquals("hello over GET", r.bodyText());
                }
                String text = "x".repeat(100_000);
                ClientResponse echoed = client.send(ClientRequest.builder(server.uri("localhost", "/echo"))
                        .method("POST").body(text).build());
                assertEquals(text, echoed.bodyText(), "chunked response over TLS");
                return null;
            });
            assertEquals(1, server.connections());
            on(rt, () -> {
                // an IP literal the certificate names: another origin, its own connection
                assertEquals("hello over GET",
                        client.send(ClientRequest.get(server.uri("127.0.0.1", "/hello"))).bodyText());
                return null;
            });
            assertEquals(2, server.connections());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void hostnameMismatchFailsTheHandshake(BackendKind kind) throws Exception {
        // the certificate is trusted but names other.test only
        TlsConfig tls = TlsConfig.builder().trustStore(TestCerts.trusting("other")).build();
        try (Runtime rt = ClientTests.runtime(kind);
             JdkServer server = JdkServer.https(TestCerts.serverContext("other"))
                     .handle("/hello", ClientTlsTest::hello).start();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).tls(tls).build()) {
            on(rt, () -> {
                assertThrows(SSLHandshakeException.class,
                        () -> client.send(ClientRequest.get(server.uri("localhost", "/hello"))));
                assertThrows(SSLHandshakeException.class,
                        () -> client.send(ClientRequest.get(server.uri("localhost", "/hello"))));
                return null;
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void untrustedCertificateFailsTheHandshake(BackendKind kind) throws Exception {
        try (Runtime rt = ClientTests.runtime(kind);
             JdkServer server = JdkServer.https(TestCerts.serverContext("localhost"))
                     .handle("/hello", ClientTlsTest::hello).start();
             ZokioHttpClient client = ZokioHttpClient.builder(rt).build()) {
            on(rt, () -> {
                assertThrows(SSLHandshakeException.class,
                        () -> client.send(ClientRequest.get(server.uri("localhost", "/hello"))));
                return null;
            });
        }
    }
}
