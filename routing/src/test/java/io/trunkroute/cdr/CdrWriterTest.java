package io.trunkroute.cdr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.trunkroute.calls.CallRecord;
import io.trunkroute.calls.TrunkAttempt;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The writer against a real (in-memory H2) database. Each batch is one {@code insert}, which takes
 * one connection, so the connections taken count the transactions.
 */
class CdrWriterTest {

    private final AtomicInteger transactions = new AtomicInteger();
    private CdrStore store;

    @BeforeEach
    void database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:cdr-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = new CdrStore(counting(h2));
        store.migrate();
        transactions.set(0);
    }

    @Test
    void cdrsArrivingOneByOneAreWrittenAFewTransactionsAtATime() throws Exception {
        try (CdrWriter writer = new CdrWriter(store, 1_000)) {
            // 40 calls ending 5 ms apart: 200 ms, two gathering windows and a bit
            for (int i = 0; i < 40; i++) {
                writer.onCallEnded(record("call-" + i));
                Thread.sleep(5);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == 40);
            // one transaction per call without the gathering; sleep overruns only lower the count
            assertThat(transactions.get()).isBetween(1, 6);
            assertThat(store.find(null, Instant.EPOCH, Instant.now().plusSeconds(60), 100)).hasSize(40);
        }
    }

    @Test
    void aFullBatchIsWrittenWithoutWaiting() {
        // a gathering window far longer than the test: full batches must not wait for it
        try (CdrWriter writer = new CdrWriter(store, 10_000, 60_000)) {
            for (int i = 0; i < 3 * CdrWriter.BATCH; i++) {
                writer.onCallEnded(record("call-" + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.written() >= 2L * CdrWriter.BATCH);
        }
    }

    @Test
    void closingWritesWhatIsQueued() {
        CdrWriter writer = new CdrWriter(store, 1_000, 60_000);
        for (int i = 0; i < 10; i++) {
            writer.onCallEnded(record("call-" + i));
        }
        writer.close();
        assertThat(writer.written()).isEqualTo(10);
        assertThat(writer.dropped()).isZero();
    }

    private static CallRecord record(String id) {
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        return new CallRecord(id, CallRecord.Direction.OUTBOUND, "acme", "201", "+74951234567",
                List.of(new TrunkAttempt("a", 486, "Busy Here")), List.of(), null, null, start,
                start.plusMillis(300), null, start.plusSeconds(2), 486, "busy");
    }

    /** The database as it is, counting the connections taken. */
    private DataSource counting(DataSource db) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                transactions.incrementAndGet();
                return db.getConnection();
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                transactions.incrementAndGet();
                return db.getConnection(user, password);
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return db.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                db.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                db.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return db.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                return db.getParentLogger();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                return db.unwrap(iface);
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }
}
