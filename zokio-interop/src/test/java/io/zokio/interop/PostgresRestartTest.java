package io.zokio.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A PostgreSQL server that dies under load (immediate shutdown: its backends exit at once) while the JDBC driver
 * runs queries on ZokioSockets: every query in flight ends with an {@link SQLException} (none hangs: the test's
 * timeout would catch it), a new connection while it is down fails with the socket's {@link ConnectException} as
 * the cause, and once it is back new connections work. A server of its own, since it is killed.
 */
@Timeout(120)
class PostgresRestartTest {
    private static ServerProcesses.Postgres pg;

    @BeforeAll
    static void startServer() {
        try {
            pg = ServerProcesses.postgres();
        } catch (ServerProcesses.Unavailable e) {
            Assumptions.abort("PostgreSQL unavailable: " + e.getMessage());
        }
    }

    /** A server left down by an earlier failed run is started again, so that one failure does not cascade. */
    @BeforeEach
    void serverUp() throws ServerProcesses.Unavailable {
        if (pg.pid() < 0) {
            pg.start();
        }
    }

    @AfterAll
    static void stopServer() {
        if (pg != null) {
            pg.close();
        }
    }

    static Connection connect() throws SQLException {
        return java.sql.DriverManager.getConnection(pg.jdbcUrl(PostgresJdbcTest.FACTORY + "&connectTimeout=10"));
    }

    @ParameterizedTest
    @EnumSource(names = {"NIO", "IO_URING"})
    void aServerKilledMidRunEndsEveryQueryWithAnSqlExceptionAndReconnectingWorksAfterItsRestart(BackendKind kind)
            throws Exception {
        int workers = 8;
        try (Runtime rt = Runtimes.open(kind)) {
            CountDownLatch allQuerying = new CountDownLatch(workers);
            List<Task<SQLException>> tasks = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                tasks.add(rt.spawn(() -> {
                    try (Connection c = connect(); Statement st = c.createStatement()) {
                        boolean first = true;
                        while (true) { // until the server dies: the only way out is an SQLException
                            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM generate_series(1, 1000)")) {
                                rs.next();
                                assertEquals(1000, rs.getLong(1));
                            }
                            if (first) {
                                allQuerying.countDown();
                                first = false;
                            }
                        }
                    } catch (SQLException e) {
                        return e;
                    }
                }));
            }
            assertTrue(allQuerying.await(60, TimeUnit.SECONDS), "every worker ran a query");

            pg.kill();

            for (Task<SQLException> t : tasks) {
                SQLException e = t.join();
                assertTrue(isConnectionFailure(e), () -> "a connection-level error, got " + describe(e));
            }
            Runtimes.inTask(rt, () -> {
                SQLException down = assertThrows(SQLException.class, PostgresRestartTest::connect);
                assertEquals("08001", down.getSQLState(), () -> describe(down));
                assertTrue(hasCause(down, ConnectException.class), () -> describe(down));
                return null;
            });

            pg.start();

            Runtimes.inTask(rt, () -> {
                try (Connection c = connect(); Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT 42")) {
                    assertTrue(rs.next());
                    assertEquals(42, rs.getInt(1));
                    assertFalse(rs.next());
                }
                return null;
            });
        }
    }

    /**
     * What a dying server may answer a driver with: an I/O error under the SQLException (end of stream, reset,
     * broken pipe), a connection-exception SQL state (class 08), or the server's own shutdown or crash notice
     * (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
     */
    static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
            return true;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    static String describe(SQLException e) {
        StringBuilder sb = new StringBuilder(e + " [SQLState " + e.getSQLState() + "]");
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            sb.append(" <- ").append(c);
        }
        return sb.toString();
    }
}
