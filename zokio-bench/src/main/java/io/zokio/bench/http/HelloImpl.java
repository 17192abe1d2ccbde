package io.zokio.bench.http;

import io.zokio.bench.Options;
import io.zokio.bench.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * <b>Threading:</b> immutable.
 *
 * <p>One server of the http_plaintext and http_json benches: its {@code impl=} name, main class, arguments,
 * extra JVM flags and the ready line it prints.
 *
 * @param impl the {@code impl=} value
 * @param mainClass the server's main class, started by name (it may live in a module this one does not compile
 *     against)
 * @param args its arguments
 * @param jvmArgs JVM flags beyond {@link ServerProcess#JVM_FLAGS}
 * @param ready the ready line; group 1 is the port
 * @param backend the backend reported when the ready line names none
 */
record HelloImpl(String impl, String mainClass, List<String> args, List<String> jvmArgs, Pattern ready,
        String backend) {
    /** Zokio's HTTP example server (module zokio-http, started from zokio-examples' class path). */
    static final String ZOKIO_SERVER = "io.zokio.examples.http.HttpHelloServer";
    /** The ready line of the bench's own servers ({@link HelloArgs#printReady}). */
    static final Pattern BENCH_READY = Pattern.compile("http-server listening on 127\\.0\\.0\\.1:(\\d+)");
    /** The Zokio server's ready line: {@code listening on PORT}, the port possibly after a host and a colon. */
    static final Pattern ZOKIO_READY = Pattern.compile("listening on (?:\\S*:)?(\\d+)\\b");

    HelloImpl {
        args = List.copyOf(args);
        jvmArgs = List.copyOf(jvmArgs);
    }

    /** Every server, each with {@code threads} event-loop or worker threads where it takes a number. */
    static List<HelloImpl> all(Options o, int threads) {
        String n = Integer.toString(threads);
        List<String> common = List.of("--port", "0", "--threads", n);
        List<String> zokio = new ArrayList<>(List.of("--port", "0", "--workers", n));
        if (o.idleMode() != Options.DEFAULT_IDLE) { // the server's own default otherwise
            zokio.addAll(List.of("--idle", o.idleMode().name().toLowerCase(Locale.ROOT)));
        }
        // the virtual-thread servers' carriers: the same count as the others' event loops
        List<String> vt = List.of("-Djdk.virtualThreadScheduler.parallelism=" + n);
        List<HelloImpl> list = new ArrayList<>();
        list.add(new HelloImpl("zokio-vt", ZOKIO_SERVER, zokio, with(vt, "-Dzokio.backend=uring"), ZOKIO_READY,
                "io_uring"));
        list.add(new HelloImpl("zokio-loop", ZOKIO_SERVER, with(zokio, List.of("--handlers", "loop")),
                with(vt, "-Dzokio.backend=uring"), ZOKIO_READY, "io_uring"));
        list.add(new HelloImpl("zokio-vt-nio", ZOKIO_SERVER, zokio, with(vt, "-Dzokio.backend=nio"), ZOKIO_READY,
                "nio"));
        list.add(new HelloImpl("netty-http", NettyHelloServer.class.getName(), common, vt, BENCH_READY, null));
        list.add(new HelloImpl("vertx", VertxHelloServer.class.getName(), common, vt, BENCH_READY, null));
        list.add(new HelloImpl("helidon", HelidonHelloServer.class.getName(), common, vt, BENCH_READY, null));
        // the JDK server closes idle connections beyond sun.net.httpserver.maxIdleConnections (default 200): at
        // 256 connections wrk would see its keep-alive connections reset
        list.add(new HelloImpl("jdk-httpserver", JdkHelloServer.class.getName(), common,
                with(vt, "-Dsun.net.httpserver.maxIdleConnections=" + JdkHelloServer.MAX_IDLE_CONNECTIONS), BENCH_READY,
                null));
        String only = System.getProperty("zokio.bench.impls", "");
        if (!only.isBlank()) { // for profiling a few servers: -Dzokio.bench.impls=a,b
            List<String> picked = List.of(only.split(","));
            list.removeIf(i -> !picked.contains(i.impl));
        }
        return list;
    }

    private static List<String> with(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static List<String> with(List<String> a, String b) {
        List<String> l = new ArrayList<>(a);
        l.add(b);
        return l;
    }

    /** Null when the main class is on this JVM's class path (the servers share it), else why not. */
    String missingReason() {
        try {
            Class.forName(mainClass, false, HelloImpl.class.getClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return mainClass + " is not on the class path (" + e.getClass().getSimpleName() + ")";
        }
    }
}
