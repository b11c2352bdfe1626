package io.trunkroute.cdr;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * CDRs in a JDBC database: the embedded H2 file by default, PostgreSQL in production. The schema
 * is Flyway's (db/migration), applied at start.
 */
public final class CdrStore {

    private static final String COLUMNS = "call_id, direction, tenant, caller, callee, trunks_tried, trunks_skipped, "
            + "answered_trunk, matched_prefix, currency, rate, connect_fee, increment_first, increment_next, started_at, "
            + "answered_at, ended_at, pdd_ms, duration_ms, billed_seconds, cost, next_trunk, next_cost, saving, "
            + "final_code, end_reason";

    private final DataSource dataSource;

    public CdrStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or upgrades the schema. */
    public void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public void insert(List<Cdr> batch) throws SQLException {
        String sql = "INSERT INTO cdr (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Cdr r : batch) {
                int i = 1;
                ps.setString(i++, r.callId());
                ps.setString(i++, r.direction());
                ps.setString(i++, r.tenant());
                ps.setString(i++, truncate(r.caller(), 128));
                ps.setString(i++, truncate(r.callee(), 32));
                ps.setString(i++, truncate(r.trunksTried(), 1024));
                ps.setString(i++, truncate(r.trunksSkipped(), 1024));
                ps.setString(i++, r.answeredTrunk());
                ps.setString(i++, r.matchedPrefix());
                ps.setString(i++, r.currency());
                ps.setBigDecimal(i++, r.rate());
                ps.setBigDecimal(i++, r.connectFee());
                setInt(ps, i++, r.incrementFirst());
                setInt(ps, i++, r.incrementNext());
                ps.setTimestamp(i++, Timestamp.from(r.startedAt()));
                ps.setTimestamp(i++, r.answeredAt() == null ? null : Timestamp.from(r.answeredAt()));
                ps.setTimestamp(i++, Timestamp.from(r.endedAt()));
                if (r.pddMillis() == null) {
                    ps.setNull(i++, Types.BIGINT);
                } else {
                    ps.setLong(i++, r.pddMillis());
                }
                ps.setLong(i++, r.durationMillis());
                ps.setInt(i++, r.billedSeconds());
                ps.setBigDecimal(i++, r.cost());
                ps.setString(i++, r.nextTrunk());
                ps.setBigDecimal(i++, r.nextCost());
                ps.setBigDecimal(i++, r.saving());
                ps.setInt(i++, r.finalCode());
                ps.setString(i, truncate(r.endReason(), 255));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * CDRs of a tenant (all tenants when null) started in [from, to), newest first.
     *
     * @param limit at most this many rows
     */
    public List<Cdr> find(String tenant, Instant from, Instant to, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM cdr WHERE started_at >= ? AND started_at < ?");
        if (tenant != null) {
            sql.append(" AND tenant = ?");
        }
        sql.append(" ORDER BY started_at DESC, id DESC");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setMaxRows(limit);
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            if (tenant != null) {
                ps.setString(3, tenant);
            }
            List<Cdr> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    private static Cdr read(ResultSet rs) throws SQLException {
        return new Cdr(rs.getString("call_id"), rs.getString("direction"), rs.getString("tenant"), rs.getString("caller"),
                rs.getString("callee"), rs.getString("trunks_tried"), rs.getString("trunks_skipped"),
                rs.getString("answered_trunk"), rs.getString("matched_prefix"), rs.getString("currency"),
                money(rs, "rate"), money(rs, "connect_fee"), integer(rs, "increment_first"), integer(rs, "increment_next"),
                instant(rs, "started_at"), instant(rs, "answered_at"), instant(rs, "ended_at"),
                rs.getObject("pdd_ms") == null ? null : rs.getLong("pdd_ms"), rs.getLong("duration_ms"),
                rs.getInt("billed_seconds"), money(rs, "cost"), rs.getString("next_trunk"), money(rs, "next_cost"),
                money(rs, "saving"), rs.getInt("final_code"), rs.getString("end_reason"));
    }

    private static BigDecimal money(ResultSet rs, String col) throws SQLException {
        BigDecimal v = rs.getBigDecimal(col);
        return v == null ? null : v.setScale(Billing.SCALE, java.math.RoundingMode.HALF_UP);
    }

    private static Integer integer(ResultSet rs, String col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
