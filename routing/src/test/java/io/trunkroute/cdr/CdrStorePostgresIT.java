package io.trunkroute.cdr;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.trunkroute.testpeers.PostgresPeer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CDR store on a real PostgreSQL server: Flyway's schema, batch insert, and the API's query. */
class CdrStorePostgresIT {

    private static final Instant T0 = Instant.parse("2026-03-02T10:15:30.123456Z");

    private static PostgresPeer postgres;
    private static HikariDataSource dataSource;
    private static CdrStore store;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresPeer.start("trunkroute");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.username());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        store = new CdrStore(dataSource);
        store.migrate();
        store.migrate(); // a restart finds the schema in place
    }

    @AfterAll
    static void stopPostgres() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static Cdr answered(String callId, String tenant, Instant start) {
        return new Cdr(callId, "outbound", tenant, "201", "+74951234567", "mcn-a:503,telfin-b:200",
                "beeline-c: all 2 channels in use", "telfin-b", "7495", "RUB", new BigDecimal("1.250000"),
                new BigDecimal("0.100000"), 60, 6, start, start.plusMillis(2300), start.plusSeconds(75), 2300L, 72_700L,
                78, new BigDecimal("1.725000"), "mcn-a", new BigDecimal("1.950000"), new BigDecimal("0.225000"), 200,
                "caller hung up");
    }

    private static Cdr unanswered(String callId, String tenant, Instant start) {
        return new Cdr(callId, "outbound", tenant, "202", "+74957654321", "mcn-a:486", null, null, null, null, null,
                null, null, null, start, null, start.plusSeconds(4), null, 0L, 0, null, null, null, null, 486,
                "486 Busy Here");
    }

    @Test
    void migratesTheSchemaWithFlyway() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, success FROM flyway_schema_history ORDER BY installed_rank")) {
            List<String> applied = new ArrayList<>();
            while (rs.next()) {
                applied.add(rs.getString(1) + ":" + rs.getBoolean(2));
            }
            assertThat(applied).containsExactly("1:true", "2:true");
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void storesAnAnsweredCallAndReadsEveryFieldBack() throws Exception {
        Cdr cdr = answered("call-answered@pbx", "acme", T0);

        store.insert(List.of(cdr));

        List<Cdr> found = store.find("acme", T0.minusSeconds(1), T0.plusSeconds(1), 10);
        // PostgreSQL keeps microseconds: the instants come back exactly.
        assertThat(found).containsExactly(cdr);
    }

    @Test
    void keepsNullsOfAnUnansweredCall() throws Exception {
        Instant start = T0.plus(1, ChronoUnit.HOURS);
        Cdr cdr = unanswered("call-busy@pbx", "acme", start);

        store.insert(List.of(cdr));

        assertThat(store.find("acme", start, start.plusMillis(1), 10)).singleElement().satisfies(r -> {
            assertThat(r).isEqualTo(cdr);
            assertThat(r.answeredAt()).isNull();
            assertThat(r.cost()).isNull();
            assertThat(r.incrementFirst()).isNull();
        });
    }

    @Test
    void findsATenantsCallsInTheWindowNewestFirstUpToTheLimit() throws Exception {
        Instant day = T0.plus(2, ChronoUnit.DAYS);
        List<Cdr> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(answered("globex-" + i, "globex", day.plusSeconds(i * 60L)));
        }
        batch.add(answered("initech-0", "initech", day.plusSeconds(30)));
        batch.add(answered("globex-late", "globex", day.plus(1, ChronoUnit.DAYS)));
        store.insert(batch);

        List<Cdr> page = store.find("globex", day, day.plus(1, ChronoUnit.HOURS), 3);
        assertThat(page).extracting(Cdr::callId).containsExactly("globex-4", "globex-3", "globex-2");

        assertThat(store.find(null, day, day.plus(1, ChronoUnit.HOURS), 100)).extracting(Cdr::callId)
                .containsExactly("globex-4", "globex-3", "globex-2", "globex-1", "initech-0", "globex-0");
        assertThat(store.find("globex", day.plus(1, ChronoUnit.DAYS), day.plus(2, ChronoUnit.DAYS), 100))
                .extracting(Cdr::callId).containsExactly("globex-late");
    }

    @Test
    void cutsOverlongTextToTheColumnWidths() throws Exception {
        Instant start = T0.plus(3, ChronoUnit.DAYS);
        String longReason = "x".repeat(400);
        Cdr cdr = new Cdr("call-long@pbx", "outbound", "acme", "2".repeat(200), "+74951234567", "mcn-a:486", null,
                null, null, null, null, null, null, null, start, null, start.plusSeconds(1), null, 0L, 0, null, null,
                null, null, 486, longReason);

        store.insert(List.of(cdr));

        assertThat(store.find("acme", start, start.plusSeconds(1), 1)).singleElement().satisfies(r -> {
            assertThat(r.caller()).hasSize(128);
            assertThat(r.endReason()).hasSize(255);
        });
    }
}
