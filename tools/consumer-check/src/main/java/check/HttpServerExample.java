package check;

import io.zokio.http.HttpResponse;
import io.zokio.http.HttpServer;
import io.zokio.http.Router;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Uses the installed io.zokio:zokio-http: a server with one route on an ephemeral port of 127.0.0.1, one request
 * over a plain socket with {@code Connection: close}; returns the response as text.
 */
final class HttpServerExample {
    private HttpServerExample() {
    }

    static String run() throws Exception {
        Router routes = new Router().get("/hello/{name}", req -> HttpResponse.text("hello " + req.pathParam("name")));
        try (HttpServer server = HttpServer.builder().port(0).workers(1).handler(routes).start();
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET /hello/consumer HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
