package io.zokio.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Real servers for the interop tests and benchmarks: PostgreSQL and Redis from Debian's packages, installed with
 * {@code apt-get} when missing and running as root, each started on a free port of 127.0.0.1 in its own temporary
 * directory and stopped by its PID (by {@link AutoCloseable#close()}, or at the latest by a shutdown hook when the
 * JVM exits). A server that cannot be installed or started is reported by {@link Unavailable}, whose message is
 * the reason to skip with.
 *
 * <p><b>Threading:</b> a server object is used by one thread at a time; the shutdown hook may run concurrently
 * with nothing else (the JVM is exiting).
 */
public final class ServerProcesses {
    /** The OS user PostgreSQL runs as when this JVM is root (initdb and postgres refuse to run as root). */
    static final String PG_OS_USER = "zokiopg";
    /** The database superuser the tests connect as (trust authentication, loopback and Unix socket only). */
    public static final String PG_USER = "zokio";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    /** Servers still running, killed by the shutdown hook. */
    private static final Set<Server> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Object APT_LOCK = new Object();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Server s : RUNNING) {
                s.killAtExit();
            }
            for (Server s : RUNNING) { // gone (bounded wait), then their temporary directories
                long p = s.pid;
                pollUntil(Duration.ofSeconds(5), () -> !alive(p));
                deleteTree(s.dir);
            }
        }, "zokio-interop-servers-kill"));
    }

    private ServerProcesses() {
    }

    /** A server could not be installed or started; the message says why. */
    public static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /** What both servers share: a port on 127.0.0.1, a temporary directory, a PID while running. */
    public abstract static sealed class Server implements AutoCloseable permits Postgres, Redis {
        final int port;
        final Path dir;
        volatile long pid = -1;

        Server(int port, Path dir) {
            this.port = port;
            this.dir = dir;
        }

        public int port() {
            return port;
        }

        public InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        /** The PID of the running server process, or -1 while stopped. */
        public long pid() {
            return pid;
        }

        /** Starts the server again (same port, same data) after {@link #kill()}, and waits until it accepts. */
        public abstract void start() throws Unavailable;

        /** Kills the server abruptly (no goodbye to its clients) and waits until its process is gone. */
        public abstract void kill() throws Unavailable;

        /** Kills the server if running and deletes its directory. */
        @Override
        public void close() {
            try {
                if (pid > 0) {
                    kill();
                }
            } catch (Unavailable e) {
                // the hook's last resort below still runs
                killAtExit();
            } finally {
                RUNNING.remove(this);
                deleteTree(dir);
            }
        }

        abstract void killAtExit();

        void waitUntilAccepting(String what, Path log) throws Unavailable {
            boolean up = pollUntil(START_TIMEOUT, () -> !alive(pid) || accepts(port));
            if (!up || !alive(pid)) {
                throw new Unavailable(what + " did not start on 127.0.0.1:" + port + ": " + tail(log));
            }
        }

        void waitUntilGone(long p) throws Unavailable {
            if (!pollUntil(STOP_TIMEOUT, () -> !alive(p))) {
                throw new Unavailable("process " + p + " still alive after " + STOP_TIMEOUT);
            }
        }
    }

    // ------------------------------------------------------------------ PostgreSQL

    /** A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1:port and a Unix socket there. */
    public static final class Postgres extends Server {
        private final Path bin;
        private final Path data;
        private final Path socketDir;
        private final Path log;
        private final String osUser; // null: this JVM's user

        private Postgres(int port, Path dir, Path bin, String osUser) {
            super(port, dir);
            this.bin = bin;
            this.data = dir.resolve("data");
            this.socketDir = dir.resolve("socket");
            this.log = dir.resolve("postgres.log");
            this.osUser = osUser;
        }

        /** A JDBC URL to the {@code postgres} database as {@link #PG_USER}, with {@code params} appended. */
        public String jdbcUrl(String params) {
            return "jdbc:postgresql://localhost:" + port + "/postgres?user=" + PG_USER
                    + (params.isEmpty() ? "" : "&" + params);
        }

        /** The directory of the server's Unix socket ({@code .s.PGSQL.<port>}). */
        public Path socketDir() {
            return socketDir;
        }

        @Override
        public void start() throws Unavailable {
            String opts = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + socketDir
                    + " -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            run(asPgUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                    "-t", Long.toString(START_TIMEOUT.toSeconds()), "-o", opts, "start"), START_TIMEOUT);
            pid = postmasterPid();
            RUNNING.add(this);
            waitUntilAccepting("postgres", log);
        }

        /** Immediate shutdown (SIGQUIT): the backends exit at once, as in a crash; the next start recovers. */
        @Override
        public void kill() throws Unavailable {
            long p = pid;
            if (p > 0) {
                signal(p, "QUIT");
                waitUntilGone(p);
                // the backends end after the postmaster; wait until the port is released by all of them
                pollUntil(STOP_TIMEOUT, () -> !accepts(port));
                pid = -1;
            }
        }

        @Override
        void killAtExit() {
            if (pid > 0) {
                signalQuietly(pid, "QUIT");
            }
        }

        /** The server's CPU seconds so far: the postmaster and all its backends (children). */
        public double cpuSeconds() {
            return ProcessHandle.of(pid).map(h -> cpuTree(h)).orElse(0.0);
        }

        private long postmasterPid() throws Unavailable {
            try {
                return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
            } catch (IOException | RuntimeException e) {
                throw new Unavailable("postgres started but its PID is unreadable: " + e);
            }
        }

        private List<String> asPgUser(String... cmd) {
            List<String> c = new ArrayList<>();
            if (osUser != null) {
                c.addAll(List.of("runuser", "-u", osUser, "--"));
            }
            c.addAll(Arrays.asList(cmd));
            return c;
        }
    }

    /**
     * A new PostgreSQL cluster (initdb with trust authentication for {@link #PG_USER}), started.
     *
     * @throws Unavailable when the binaries are missing and cannot be installed, or initdb or the start fails
     */
    public static Postgres postgres() throws Unavailable {
        Path bin = postgresBin();
        String osUser = isRoot() ? ensurePgOsUser() : null;
        Path dir = tempDir("zokio-pg-");
        try {
            Files.createDirectories(dir.resolve("socket"));
            if (osUser != null) {
                run(List.of("chown", "-R", osUser, dir.toString()), INSTALL_TIMEOUT);
            }
            Postgres pg = new Postgres(freePort(), dir, bin, osUser);
            run(pg.asPgUser(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", PG_USER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"), START_TIMEOUT);
            pg.start();
            return pg;
        } catch (Unavailable | IOException | RuntimeException e) {
            deleteTree(dir);
            throw e instanceof Unavailable u ? u : new Unavailable("postgres: " + e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}, or the directory of initdb on the PATH. */
    private static Path postgresBin() throws Unavailable {
        Optional<Path> found = findPostgresBin();
        if (found.isEmpty()) {
            aptInstall("postgresql");
            found = findPostgresBin();
        }
        return found.orElseThrow(() -> new Unavailable("PostgreSQL binaries (initdb, pg_ctl) not found after install"));
    }

    private static Optional<Path> findPostgresBin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent())));
            if (newest.isPresent()) {
                return newest;
            }
        } catch (IOException e) {
            // no Debian layout: look on the PATH
        }
        return onPath("initdb").map(ServerProcesses::realParent)
                .filter(b -> Files.isExecutable(b.resolve("pg_ctl")));
    }

    /** The directory a (symlinked) executable really lives in: its siblings are the other binaries. */
    private static Path realParent(Path file) {
        try {
            return file.toRealPath().getParent();
        } catch (IOException e) {
            return file.getParent();
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String ensurePgOsUser() throws Unavailable {
        if (exitCode(List.of("id", "-u", PG_OS_USER)) != 0) {
            run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_OS_USER),
                    INSTALL_TIMEOUT);
        }
        return PG_OS_USER;
    }

    // ------------------------------------------------------------------ Redis

    /** A Redis server on 127.0.0.1:port, without persistence, its working directory a temporary one. */
    public static final class Redis extends Server {
        private final Path binary;
        private final Path log;
        private Process process;

        private Redis(int port, Path dir, Path binary) {
            super(port, dir);
            this.binary = binary;
            this.log = dir.resolve("redis.log");
        }

        @Override
        public void start() throws Unavailable {
            ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--daemonize", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new Unavailable("redis-server did not start: " + e);
            }
            pid = process.pid();
            RUNNING.add(this);
            waitUntilAccepting("redis-server", log);
        }

        /** SIGKILL: the kernel closes its connections. */
        @Override
        public void kill() throws Unavailable {
            long p = pid;
            if (p > 0) {
                process.destroyForcibly();
                waitUntilGone(p);
                pid = -1;
            }
        }

        @Override
        void killAtExit() {
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
        }

        /** The server's CPU seconds so far. */
        public double cpuSeconds() {
            return ProcessHandle.of(pid).map(h -> cpuTree(h)).orElse(0.0);
        }
    }

    /**
     * A Redis server, started.
     *
     * @throws Unavailable when redis-server is missing and cannot be installed, or does not start
     */
    public static Redis redis() throws Unavailable {
        Path binary = onPath("redis-server").orElse(null);
        if (binary == null) {
            aptInstall("redis-server");
            binary = onPath("redis-server").orElseThrow(() -> new Unavailable("redis-server not found after install"));
        }
        Path dir = tempDir("zokio-redis-");
        try {
            Redis r = new Redis(freePort(), dir, binary);
            r.start();
            return r;
        } catch (Unavailable | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    // ------------------------------------------------------------------ installing

    /** {@code apt-get install -y pkg} as root; once more after {@code apt-get update} if that fails. */
    private static void aptInstall(String pkg) throws Unavailable {
        if (!isRoot()) {
            throw new Unavailable(pkg + " is not installed and this process is not root (apt-get install -y " + pkg
                    + ")");
        }
        if (onPath("apt-get").isEmpty()) {
            throw new Unavailable(pkg + " is not installed and there is no apt-get");
        }
        synchronized (APT_LOCK) {
            List<String> install = List.of("apt-get", "install", "-y", "-q", pkg);
            try {
                run(install, INSTALL_TIMEOUT);
            } catch (Unavailable first) {
                run(List.of("apt-get", "update", "-q"), INSTALL_TIMEOUT);
                run(install, INSTALL_TIMEOUT);
            }
        }
    }

    // ------------------------------------------------------------------ processes

    /** Runs {@code cmd} to its end (non-interactive apt), its output in a file; a failure carries the output. */
    static String run(List<String> cmd, Duration timeout) throws Unavailable {
        Path out = null;
        try {
            out = Files.createTempFile("zokio-cmd-", ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new Unavailable(String.join(" ", cmd) + ": no end after " + timeout + ": " + tail(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new Unavailable(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + tail(out));
            }
            return output;
        } catch (IOException e) {
            throw new Unavailable(String.join(" ", cmd) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(String.join(" ", cmd) + ": interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a leftover log in the temp directory
                }
            }
        }
    }

    private static int exitCode(List<String> cmd) {
        try {
            run(cmd, START_TIMEOUT);
            return 0;
        } catch (Unavailable e) {
            return 1;
        }
    }

    private static void signal(long pid, String sig) throws Unavailable {
        run(List.of("kill", "-" + sig, Long.toString(pid)), STOP_TIMEOUT);
    }

    private static void signalQuietly(long pid, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the JVM is exiting: nothing more to do
        }
    }

    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** CPU seconds of a process and its children, from {@code /proc/<pid>/stat} (utime + stime, USER_HZ 100). */
    static double cpuTree(ProcessHandle h) {
        double sum = cpuOf(h.pid());
        for (ProcessHandle c : h.children().toList()) {
            sum += cpuOf(c.pid());
        }
        return sum;
    }

    private static double cpuOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
    }

    /** Polls {@code condition} every 10 ms until it holds or {@code timeout} passes; true if it held. */
    public static boolean pollUntil(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws Unavailable {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new Unavailable("no free port on 127.0.0.1: " + e);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/usr/local/bin";
        return Arrays.stream(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).findFirst();
    }

    private static Path tempDir(String prefix) throws Unavailable {
        try {
            Path dir = Files.createTempDirectory(prefix);
            // the server's OS user must reach its directory (createTempDirectory makes it 0700)
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new Unavailable("cannot create a temporary directory: " + e);
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp directory; the server is already stopped
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output)";
        }
    }
}
