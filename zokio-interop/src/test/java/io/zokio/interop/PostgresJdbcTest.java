package io.zokio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.bridge.ZokioSocketFactory;
import io.zokio.bridge.ZokioUnixSocketFactory;
import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The PostgreSQL JDBC driver on {@link ZokioSocketFactory} (named by class in the URL, so the driver makes it with
 * its no-argument constructor) against a real PostgreSQL, on both backends: the queries run in tasks of the
 * backend's runtime, which the factory finds as the calling task's runtime; one test runs them from a plain
 * thread, where the factory finds the runtime installed with {@code DefaultRuntime.set}; one runs over the
 * server's Unix socket with {@link ZokioUnixSocketFactory} ({@code socketFactoryArg} is the socket file).
 */
@Timeout(120)
class PostgresJdbcTest {
    static final String FACTORY = "socketFactory=" + ZokioSocketFactory.class.getName();
    private static ServerProcesses.Postgres pg;

    @BeforeAll
    static void startServer() {
        try {
            pg = ServerProcesses.postgres();
        } catch (ServerProcesses.Unavailable e) {
            Assumptions.abort("PostgreSQL unavailable: " + e.getMessage());
        }
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(FACTORY));
    }

    /** A table of its own per backend, so that the tests do not share rows. */
    static String table(String base, BackendKind kind) {
        return base + "_" + kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void createsSchemaAndRunsPreparedStatementsAndTransactions(BackendKind kind) throws Exception {
        String t = table("items", kind);
        try (Runtime rt = Runtimes.open(kind)) {
            Runtimes.inTask(rt, () -> {
                try (Connection c = connect(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + t);
                    st.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, name text NOT NULL, qty int)");
                    try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?)")) {
                        // more executions than prepareThreshold: the driver switches to a named server statement
                        for (int i = 1; i <= 50; i++) {
                            ins.setInt(1, i);
                            ins.setString(2, "item-" + i);
                            ins.setInt(3, i * 10);
                            assertEquals(1, ins.executeUpdate());
                        }
                    }
                    try (PreparedStatement q = c.prepareStatement("SELECT name, qty FROM " + t + " WHERE id = ?")) {
                        for (int i = 1; i <= 50; i++) {
                            q.setInt(1, i);
                            try (ResultSet rs = q.executeQuery()) {
                                assertTrue(rs.next());
                                assertEquals("item-" + i, rs.getString(1));
                                assertEquals(i * 10, rs.getInt(2));
                                assertFalse(rs.next());
                            }
                        }
                    }

                    c.setAutoCommit(false);
                    st.executeUpdate("UPDATE " + t + " SET qty = qty + 1 WHERE id <= 10");
                    c.commit();
                    st.executeUpdate("DELETE FROM " + t);
                    assertEquals(0, count(st, t), "the delete is visible inside its transaction");
                    c.rollback();
                    c.setAutoCommit(true);
                    assertEquals(50, count(st, t), "the rollback restored the rows");
                    try (ResultSet rs = st.executeQuery("SELECT sum(qty) FROM " + t)) {
                        assertTrue(rs.next());
                        assertEquals(10 * (50 * 51 / 2) + 10, rs.getLong(1), "the committed update stayed");
                    }
                }
                return null;
            });
        }
    }

    static long count(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void copiesHundredThousandRowsInAndOut(BackendKind kind) throws Exception {
        String t = table("copied", kind);
        int rows = 100_000;
        try (Runtime rt = Runtimes.open(kind)) {
            Runtimes.inTask(rt, () -> {
                try (Connection c = connect(); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + t);
                    st.execute("CREATE TABLE " + t + " (id int, payload text)");
                    CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                    long in = copy.copyIn("COPY " + t + " FROM STDIN", new RowsReader(rows));
                    assertEquals(rows, in);
                    try (ResultSet rs = st.executeQuery("SELECT count(*), sum(id), sum(length(payload)) FROM " + t)) {
                        assertTrue(rs.next());
                        assertEquals(rows, rs.getLong(1));
                        assertEquals((long) rows * (rows - 1) / 2, rs.getLong(2));
                        assertEquals(RowsReader.payloadBytes(rows), rs.getLong(3));
                    }
                    StringWriter out = new StringWriter();
                    long outRows = copy.copyOut("COPY (SELECT * FROM " + t + " ORDER BY id) TO STDOUT", out);
                    assertEquals(rows, outRows);
                    assertEquals(RowsReader.text(rows), out.toString(), "the rows came back as they went in");
                }
                return null;
            });
        }
    }

    /** COPY text rows {@code id\tpayload\n}, generated as the driver reads them. */
    static final class RowsReader extends Reader {
        private final int rows;
        private int next;
        private String pending = "";
        private int pos;

        RowsReader(int rows) {
            this.rows = rows;
        }

        static String row(int i) {
            return i + "\tpayload-" + i + "-" + "x".repeat(i % 40) + "\n";
        }

        static long payloadBytes(int rows) {
            long sum = 0;
            for (int i = 0; i < rows; i++) {
                String r = row(i);
                sum += r.length() - r.indexOf('\t') - 2;
            }
            return sum;
        }

        static String text(int rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                sb.append(row(i));
            }
            return sb.toString();
        }

        @Override
        public int read(char[] buf, int off, int len) {
            if (pos == pending.length()) {
                if (next == rows) {
                    return -1;
                }
                pending = row(next++);
                pos = 0;
            }
            int n = Math.min(len, pending.length() - pos);
            pending.getChars(pos, pos + n, buf, off);
            pos += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void thousandVirtualThreadsShareASmallPool(BackendKind kind) throws Exception {
        String t = table("pooled", kind);
        int threads = 1000;
        int queriesEach = 5;
        int poolSize = 16;
        try (Runtime rt = Runtimes.open(kind)) {
            BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(poolSize);
            Runtimes.inTask(rt, () -> {
                for (int i = 0; i < poolSize; i++) {
                    pool.add(connect());
                }
                try (Statement st = pool.peek().createStatement()) {
                    st.execute("DROP TABLE IF EXISTS " + t);
                    st.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v bigint NOT NULL)");
                    st.execute("INSERT INTO " + t + " SELECT g, g * 3 FROM generate_series(0, 999) g");
                }
                return null;
            });
            AtomicLong checked = new AtomicLong();
            try {
                List<Task<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int id = i;
                    tasks.add(rt.spawn(() -> {
                        Connection c = pool.take();
                        try (PreparedStatement q = c.prepareStatement("SELECT v FROM " + t + " WHERE id = ?")) {
                            for (int k = 0; k < queriesEach; k++) {
                                int key = (id + k * 7) % 1000;
                                q.setInt(1, key);
                                try (ResultSet rs = q.executeQuery()) {
                                    assertTrue(rs.next());
                                    assertEquals(key * 3L, rs.getLong(1));
                                }
                                checked.incrementAndGet();
                            }
                        } finally {
                            pool.put(c);
                        }
                        return null;
                    }));
                }
                for (Task<Void> task : tasks) {
                    task.join(); // rethrows a failed assertion as CompletionException
                }
            } finally {
                for (Connection c : pool) {
                    c.close();
                }
            }
            assertEquals((long) threads * queriesEach, checked.get());
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aPlainThreadUsesTheRuntimeInstalledWithDefaultRuntimeSet(BackendKind kind) throws Exception {
        try (Runtime rt = Runtimes.open(kind)) { // installs rt
            long before = rt.metrics().completions();
            Properties props = new Properties();
            props.setProperty("socketFactory", ZokioSocketFactory.class.getName());
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(""), props);
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT 'on ' || current_user")) {
                assertTrue(rs.next());
                assertEquals("on " + ServerProcesses.PG_USER, rs.getString(1));
            }
            assertTrue(rt.metrics().completions() > before,
                    "the connection's I/O ran on the installed runtime's loops");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void overTheServersUnixSocketWithZokioUnixSocketFactory(BackendKind kind) throws Exception {
        java.nio.file.Path socket = pg.socketDir().resolve(".s.PGSQL." + pg.port());
        // the driver makes the factory with its String constructor, passing socketFactoryArg; the URL's host and
        // port are ignored by its sockets, which go to the socket file
        String params = "socketFactory=" + ZokioUnixSocketFactory.class.getName() + "&socketFactoryArg=" + socket;
        try (Runtime rt = Runtimes.open(kind)) {
            long before = rt.metrics().completions();
            Runtimes.inTask(rt, () -> {
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl(params));
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT inet_server_addr() IS NULL, current_user")) {
                    assertTrue(rs.next());
                    assertTrue(rs.getBoolean(1), "the server saw a Unix domain connection (no server address)");
                    assertEquals(ServerProcesses.PG_USER, rs.getString(2));
                }
                return null;
            });
            assertTrue(rt.metrics().completions() > before, "the connection's I/O ran on the runtime's loops");
        }
    }
}
