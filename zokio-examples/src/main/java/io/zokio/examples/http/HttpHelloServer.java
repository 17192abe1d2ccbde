package io.zokio.examples.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zokio.http.HandlerMode;
import io.zokio.http.HttpResponse;
import io.zokio.http.HttpServer;
import io.zokio.http.Router;
import io.zokio.loop.BackendKind;
import io.zokio.loop.IdleMode;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> requests are handled on each connection's virtual thread, or with {@code --handlers loop}
 * on the event loop that owns the connection (the handlers never block); {@link #MAPPER} is thread-safe.
 *
 * <p>The HTTP benchmark's server: {@code GET /plaintext} answers {@code Hello, World!} ({@code text/plain}) and
 * {@code GET /json} answers {@code {"message":"Hello, World!"}} ({@code application/json}), serialized with
 * Jackson for every request, as the baselines do.
 *
 * <p>Command line: {@code HttpHelloServer --port P [--workers N] [--idle MODE] [--backend uring|nio|auto]
 * [--host ADDR] [--handlers vthread|loop]}; prints {@code listening on PORT} once bound and stops on SIGTERM or Ctrl-C.
 */
public final class HttpHelloServer {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** The JSON body's shape. */
    public record Message(String message) {
    }

    private HttpHelloServer() {
    }

    /** The routes: {@code /plaintext} and {@code /json}. */
    public static Router routes() {
        return new Router()
                .get("/plaintext", r -> HttpResponse.bytes(200, "text/plain", HELLO))
                .get("/json", r -> HttpResponse.json(MAPPER.writeValueAsBytes(new Message("Hello, World!"))));
    }

    public static void main(String[] args) throws InterruptedException {
        int port = -1;
        int workers = java.lang.Runtime.getRuntime().availableProcessors();
        IdleMode idle = null;
        BackendKind backend = BackendKind.AUTO;
        String host = "127.0.0.1";
        HandlerMode mode = HandlerMode.VIRTUAL_THREAD;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(HttpFileServer.value(args, ++i));
                    case "--workers" -> workers = Integer.parseInt(HttpFileServer.value(args, ++i));
                    case "--idle" -> idle = IdleMode.valueOf(HttpFileServer.value(args, ++i).toUpperCase(Locale.ROOT));
                    case "--backend" -> backend = HttpFileServer.backend(HttpFileServer.value(args, ++i));
                    case "--host" -> host = HttpFileServer.value(args, ++i);
                    case "--handlers" -> mode = switch (HttpFileServer.value(args, ++i)) {
                        case "vthread" -> HandlerMode.VIRTUAL_THREAD;
                        case "loop" -> HandlerMode.EVENT_LOOP;
                        default -> throw new IllegalArgumentException("--handlers takes vthread or loop");
                    };
                    case "-h", "--help" -> {
                        System.out.println(usage());
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (port < 0 || port > 65535 || workers < 1) {
                throw new IllegalArgumentException("--port (0..65535) is required; --workers must be positive");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("http-hello: " + e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }
        var rb = Runtime.builder().workers(workers).backend(backend).carrierMode(CarrierMode.AFFINE)
                .threadNamePrefix("zokio-http-");
        if (idle != null) {
            rb.idleMode(idle);
        }
        Runtime rt = rb.build();
        HttpServer server;
        try {
            server = HttpServer.builder().runtime(rt).host(host).port(port).handler(routes())
                    .handlerMode(mode).start();
        } catch (RuntimeException e) {
            rt.close();
            System.err.println("http-hello: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            rt.close();
            done.countDown();
            java.lang.Runtime.getRuntime().halt(0); // a SIGTERM stop is a clean exit
        }, "http-hello-shutdown"));
        System.out.println("listening on " + server.port());
        System.out.flush();
        done.await();
    }

    private static String usage() {
        return "usage: HttpHelloServer --port P [--workers N] [--idle balanced|throughput|latency|power_save|adaptive] "
                + "[--backend uring|nio|auto] [--host ADDR] [--handlers vthread|loop]";
    }
}
