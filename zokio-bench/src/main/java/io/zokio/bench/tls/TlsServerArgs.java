package io.zokio.bench.tls;

import java.nio.file.Path;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>The command line every TLS bench server takes: {@code --port P --cert CHAIN.pem --key KEY.pem
 * [--threads N] [--provider jdk|openssl] [--idle MODE]} (provider: Netty's only; idle: Zokio's loops only, null
 * for the runtime's default), and the protocol all of them speak: the echo port writes back what
 * it reads; the sink port discards what it reads and writes one byte per {@link #ACK_BYTES} received.
 */
public record TlsServerArgs(int port, Path cert, Path key, int threads, String provider, String idle) {
    /** The sink answers one byte per this many bytes received. */
    public static final int ACK_BYTES = 1 << 20;
    /** Read buffer of every server connection (one TLS record's plaintext). */
    public static final int BUFFER_BYTES = 16 * 1024;

    public static TlsServerArgs parse(String[] args) {
        int port = 0;
        Path cert = null;
        Path key = null;
        int threads = java.lang.Runtime.getRuntime().availableProcessors();
        String provider = "jdk";
        String idle = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--cert" -> cert = Path.of(args[i + 1]);
                case "--key" -> key = Path.of(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--provider" -> provider = args[i + 1];
                case "--idle" -> idle = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("usage: --port P --cert CHAIN.pem --key KEY.pem [--threads N]"
                    + " [--provider jdk|openssl]");
        }
        return new TlsServerArgs(port, cert, key, threads, provider, idle);
    }

    /** The line {@link io.zokio.bench.ServerProcess} waits for. */
    public static void printReady(int echoPort, int sinkPort, String backend, String extras) {
        System.out.println("echo-server listening on 127.0.0.1:" + echoPort + " backend=" + backend + " sink_port="
                + sinkPort + (extras.isEmpty() ? "" : " " + extras));
        System.out.flush();
    }
}
