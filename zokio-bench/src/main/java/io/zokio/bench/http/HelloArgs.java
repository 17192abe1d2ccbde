package io.zokio.bench.http;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>The command line of every hello server of the http_plaintext and http_json benches:
 * {@code --port P [--threads N]} (N event-loop or worker threads where the framework lets one choose; default
 * the number of cores), and the ready line {@link io.zokio.bench.ServerProcess} waits for.
 *
 * @param port port to bind on 127.0.0.1, 0 for any free one
 * @param threads event-loop or worker threads
 */
public record HelloArgs(int port, int threads) {

    public static HelloArgs parse(String[] args) {
        int port = 0;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (usage: --port P [--threads N])");
            }
        }
        if (args.length % 2 != 0 || threads < 1) {
            throw new IllegalArgumentException("usage: --port P [--threads N]");
        }
        return new HelloArgs(port, threads);
    }

    /** Prints {@code http-server listening on 127.0.0.1:<port> backend=<backend> threads=<n>} and flushes. */
    public static void printReady(int port, String backend, int threads) {
        System.out.println("http-server listening on 127.0.0.1:" + port + " backend=" + backend + " threads="
                + threads);
        System.out.flush();
    }
}
