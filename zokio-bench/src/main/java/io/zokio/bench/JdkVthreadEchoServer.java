package io.zokio.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CountDownLatch;

/**
 * <b>Threading:</b> one acceptor virtual thread, one virtual thread per connection, on the JDK's default
 * scheduler.
 *
 * <p>The {@code jdk-vthreads} echo baseline: plain {@link ServerSocket} and blocking streams on virtual threads,
 * what a Java developer writes without any library (4 KiB buffer, TCP_NODELAY, as the Zokio servers).
 *
 * <p>Command line: {@code JdkVthreadEchoServer --port P}; prints
 * {@code echo-server listening on 127.0.0.1:<port> backend=jdk-vthreads} and exits 0 on SIGTERM.
 */
public final class JdkVthreadEchoServer {
    private JdkVthreadEchoServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : -1;
        if (port < 0) {
            System.err.println("usage: JdkVthreadEchoServer --port P");
            System.exit(2);
        }
        ServerSocket server = new ServerSocket(port, 1024, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().name("acceptor").start(() -> {
            while (true) {
                Socket s;
                try {
                    s = server.accept();
                } catch (IOException closed) {
                    return;
                }
                Thread.ofVirtual().start(() -> serve(s));
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
            stopped.countDown();
            Runtime.getRuntime().halt(0);
        }, "jdk-echo-shutdown"));
        System.out.println("echo-server listening on 127.0.0.1:" + server.getLocalPort() + " backend=jdk-vthreads");
        System.out.flush();
        stopped.await();
    }

    private static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            // the load client resets its connections at the end of a window
        } catch (IOException e) {
            System.err.println("jdk echo: " + e);
        }
    }
}
