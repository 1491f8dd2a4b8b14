package dev.plimsoll.cost.sink;

import dev.plimsoll.cost.model.CostRow;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Writes the job's rows into {@code cost_hour} and {@code cost_day} (Sink V2). At least once —
 * every row emitted before a checkpoint is in ClickHouse before the checkpoint completes, and rows
 * after it are written again after a restore — which is exactly once in effect: a row is a snapshot
 * of its key, stored with a version (the writer's clock, increasing), and the tables keep the
 * highest version per key (ADR 0018).
 *
 * @param jdbcUrl JDBC URL including the database
 * @param batchRows rows per insert at most
 * @param flushInterval how long a row may wait in the writer's buffer
 * @param maxRetry how long an insert is retried before the job fails over (and restores)
 * @param jdbcProperties extra driver properties
 */
public record ClickHouseCostSink(
        String jdbcUrl,
        int batchRows,
        Duration flushInterval,
        Duration maxRetry,
        Map<String, String> jdbcProperties)
        implements Sink<CostRow> {

    public ClickHouseCostSink {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be >= 1");
        }
        jdbcProperties = Map.copyOf(jdbcProperties);
    }

    /** 10 000 rows, 1 s, retried for 2 minutes. */
    public static ClickHouseCostSink to(String jdbcUrl) {
        return new ClickHouseCostSink(
                jdbcUrl, 10_000, Duration.ofSeconds(1), Duration.ofMinutes(2), Map.of());
    }

    @Override
    public SinkWriter<CostRow> createWriter(WriterInitContext context) {
        Properties p = new Properties();
        p.putAll(jdbcProperties);
        return new CostRowWriter(this, p, context.getProcessingTimeService());
    }
}
