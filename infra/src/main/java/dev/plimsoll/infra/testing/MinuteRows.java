package dev.plimsoll.infra.testing;

import dev.plimsoll.core.aggregate.ServiceMinuteAggregate;
import dev.plimsoll.core.aggregate.ServiceMinuteKey;
import dev.plimsoll.core.aggregate.ServiceMinutePreAggregator;
import dev.plimsoll.core.concurrency.WindowConcurrency;
import dev.plimsoll.core.telemetry.RequestEvent;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/**
 * Writes {@code service_minute} rows the way the streams job does: core's pre-aggregator routes
 * each request event into its rows (all-tenants and tenant, whole-service and operation), and the
 * rows are inserted in one JDBC batch; the materialized views then fill the hourly and daily
 * rollups.
 */
public final class MinuteRows {

    private static final String INSERT =
            "INSERT INTO service_minute (tenant, service, operation, minute, count, errors,"
                    + " sum_ms, min_ms, max_ms, zero_count, buckets, peak_inflight, inflight_ms,"
                    + " users, users_sample_shift, source_partition, source_offset, correction,"
                    + " peak_exact)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final AtomicLong OFFSETS = new AtomicLong();

    private MinuteRows() {}

    /** Aggregates {@code events} into minute rows and inserts them; returns the row count. */
    public static int insert(String jdbcUrl, Collection<RequestEvent> events) {
        return insert(jdbcUrl, events, 0, key -> 0);
    }

    /**
     * Inserts {@code events} as correction rows (ADR 0011) arrived in the minute {@code correction}
     * (epoch seconds), as the sink stores them: the peak of a row is the window's earlier peak
     * bound ({@code priorPeak}, what is stored for the window already) plus its own, exact only
     * when one of the two is 0.
     */
    public static int insertCorrections(
            String jdbcUrl,
            Collection<RequestEvent> events,
            long correction,
            ToIntFunction<ServiceMinuteKey> priorPeak) {
        return insert(jdbcUrl, events, correction, priorPeak);
    }

    private static int insert(
            String jdbcUrl,
            Collection<RequestEvent> events,
            long correction,
            ToIntFunction<ServiceMinuteKey> priorPeak) {
        ServiceMinutePreAggregator aggregator = new ServiceMinutePreAggregator();
        events.forEach(aggregator::add);
        Map<ServiceMinuteKey, ServiceMinuteAggregate> rows = aggregator.drain();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int batched = 0;
            for (Map.Entry<ServiceMinuteKey, ServiceMinuteAggregate> row : rows.entrySet()) {
                ServiceMinuteKey key = row.getKey();
                ServiceMinuteAggregate a = row.getValue();
                WindowConcurrency concurrency = a.concurrencyResult();
                insert.setString(1, key.tenant());
                insert.setString(2, key.service());
                insert.setString(3, key.operation());
                insert.setLong(4, key.windowStartEpochSecond());
                insert.setLong(5, a.count());
                insert.setLong(6, a.errors());
                insert.setDouble(7, a.latency().sum());
                insert.setDouble(8, a.minMsForRow());
                insert.setDouble(9, a.maxMsForRow());
                insert.setLong(10, a.latency().zeroCount());
                insert.setObject(11, a.latency().buckets());
                int prior = priorPeak.applyAsInt(key);
                int own = concurrency.peakInFlight();
                insert.setInt(12, prior + own);
                insert.setDouble(13, concurrency.inFlightMs());
                insert.setObject(14, a.tracksUsers() ? unsigned(a.users().toArray()) : List.of());
                insert.setInt(15, a.tracksUsers() ? a.users().samplingShift() : 0);
                insert.setInt(16, 0);
                insert.setLong(17, OFFSETS.incrementAndGet());
                insert.setLong(18, correction);
                insert.setInt(19, prior == 0 || own == 0 ? 1 : 0);
                insert.addBatch();
                if (++batched == 20_000) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("inserting minute rows failed", e);
        }
        return rows.size();
    }

    /**
     * Inserts one whole-service minute row of the all-tenants view holding only users: the given
     * hashes and sampling shift (count 1, no latency), as a sampled row of the streams job looks.
     */
    public static void insertUsers(
            String jdbcUrl, String service, long minuteEpochSecond, long[] hashes, int shift) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, "");
            insert.setString(2, service);
            insert.setString(3, "");
            insert.setLong(4, minuteEpochSecond);
            insert.setLong(5, 1);
            insert.setLong(6, 0);
            insert.setDouble(7, 1);
            insert.setDouble(8, 1);
            insert.setDouble(9, 1);
            insert.setLong(10, 0);
            insert.setObject(11, Map.of(0, 1L));
            insert.setInt(12, 1);
            insert.setDouble(13, 1);
            insert.setObject(14, unsigned(hashes));
            insert.setInt(15, shift);
            insert.setInt(16, 0);
            insert.setLong(17, OFFSETS.incrementAndGet());
            insert.setLong(18, 0);
            insert.setInt(19, 1);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("inserting a minute row failed", e);
        }
    }

    private static List<BigInteger> unsigned(long[] hashes) {
        List<BigInteger> users = new ArrayList<>(hashes.length);
        for (long hash : hashes) {
            users.add(new BigInteger(Long.toUnsignedString(hash)));
        }
        return users;
    }
}
