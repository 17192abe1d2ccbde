package io.zokio.bench;

import io.zokio.bridge.ZokioSocketFactory;
import io.zokio.interop.ServerProcesses;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * <b>Threading:</b> the bench thread drives the rounds; the load runs on virtual threads (see {@link DriverLoad}).
 *
 * <p>{@code pg}: the PostgreSQL JDBC driver against a real PostgreSQL (started by the bench, as the interop tests
 * start it: {@link ServerProcesses}; skipped with the reason when it cannot start), 256 virtual threads over a pool
 * of 32 connections, two workloads: {@code select1} ({@code SELECT 1} through a {@code Statement}) and
 * {@code pk_lookup} (a single-row primary-key lookup with a prepared statement, one per connection, in a table of
 * 10,000 rows). Impls: {@code zokio-socket} (the driver with {@code socketFactory=ZokioSocketFactory}, a runtime
 * with default settings, the workers its tasks) and {@code jdk-socket} (the same driver on the JDK's sockets,
 * the workers JDK virtual threads). Interleaved rounds; ratios from the medians.
 */
public final class PgBench implements Bench {
    static final int WORKERS = 256;
    static final int POOL = 32;
    static final int ROWS = 10_000;
    static final List<String> WORKLOADS = List.of("select1", "pk_lookup");

    @Override
    public String name() {
        return "pg";
    }

    @Override
    public String header(Options o) {
        return "pg: PostgreSQL JDBC " + org.postgresql.util.DriverInfo.DRIVER_VERSION + " against a local PostgreSQL"
                + " (127.0.0.1, trust auth, fsync off), " + WORKERS + " virtual threads over a pool of " + POOL
                + " connections; workloads select1 (Statement, SELECT 1) and pk_lookup (PreparedStatement, one row of "
                + ROWS + " by primary key); warm-up " + warmupMs(o) + " ms, then " + Rounds.count(o.scale())
                + " interleaved rounds of " + windowMs(o) + " ms per impl and workload; zokio-socket: "
                + "socketFactory=io.zokio.bridge.ZokioSocketFactory on a default runtime with the run's idle mode "
                + "(zokio_idle=), workers its tasks; jdk-socket: the JDK's sockets, workers JDK virtual threads; client CPU = this JVM's process CPU; CPU "
                + "figures are medians of the rounds";
    }

    @Override
    public List<String> baselines() {
        return List.of(DriverImpls.JDK);
    }

    static long warmupMs(Options o) {
        return o.scale().millis(3_000, 200);
    }

    static long windowMs(Options o) {
        return o.scale().millis(5_000, 300);
    }

    /** A pooled connection with its statements. */
    record Slot(Connection connection, Statement statement, PreparedStatement lookup) {
        void close() {
            try {
                connection.close();
            } catch (SQLException e) {
                // the bench is over
            }
        }
    }

    @Override
    public void run(Options o, Reporter reporter) throws Exception {
        ServerProcesses.Postgres pg;
        try {
            pg = ServerProcesses.postgres();
        } catch (ServerProcesses.Unavailable e) {
            for (String w : WORKLOADS) {
                for (String impl : DriverImpls.IMPLS) {
                    reporter.skipped(name(), impl, Map.of("workload", w), "PostgreSQL unavailable: " + e.getMessage());
                }
            }
            return;
        }
        try (pg; DriverImpls impls = new DriverImpls(o.idleMode())) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("")); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kv (id int PRIMARY KEY, v text NOT NULL)");
                st.execute("INSERT INTO kv SELECT g, 'value-' || g FROM generate_series(0, " + (ROWS - 1) + ") g");
                st.execute("VACUUM ANALYZE kv");
            }
            BlockingQueue<Slot> zokioPool = new ArrayBlockingQueue<>(POOL);
            BlockingQueue<Slot> jdkPool = new ArrayBlockingQueue<>(POOL);
            try {
                String zokioUrl = pg.jdbcUrl("socketFactory=" + ZokioSocketFactory.class.getName());
                // from the bench thread, as a pool's own thread opens connections: the factory takes the installed
                // runtime and spreads the sockets over its workers (from a task they would all be on its worker)
                fill(zokioPool, zokioUrl);
                fill(jdkPool, pg.jdbcUrl(""));
                DriverImpls.Measured<Slot> m = new DriverImpls.Measured<>(name(), WORKLOADS, zokioPool, jdkPool,
                        pg::cpuSeconds, WORKERS);
                m.run(o, reporter, impls, warmupMs(o), windowMs(o), (workload, slot) -> query(workload, slot),
                        Map.of("connections", Integer.toString(POOL), "workers", Integer.toString(WORKERS), "zokio_idle",
                                DriverImpls.idleName(o)));
            } finally {
                zokioPool.forEach(Slot::close);
                jdkPool.forEach(Slot::close);
            }
        }
    }

    private static Void fill(BlockingQueue<Slot> pool, String url) throws SQLException {
        for (int i = 0; i < POOL; i++) {
            Connection c = DriverManager.getConnection(url);
            pool.add(new Slot(c, c.createStatement(), c.prepareStatement("SELECT v FROM kv WHERE id = ?")));
        }
        return null;
    }

    private static int query(String workload, Slot s) throws SQLException {
        if (workload.equals("select1")) {
            try (ResultSet rs = s.statement().executeQuery("SELECT 1")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new IllegalStateException("SELECT 1 returned no 1");
                }
            }
        } else {
            int key = ThreadLocalRandom.current().nextInt(ROWS);
            s.lookup().setInt(1, key);
            try (ResultSet rs = s.lookup().executeQuery()) {
                if (!rs.next() || rs.getString(1).length() < 7) {
                    throw new IllegalStateException("no row for key " + key);
                }
            }
        }
        return 1;
    }
}
