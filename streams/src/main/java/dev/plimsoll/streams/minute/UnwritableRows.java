package dev.plimsoll.streams.minute;

import dev.plimsoll.core.aggregate.ServiceMinuteKey;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output rows that Kafka refused for good (too large for the topic, rejected by a broker
 * policy, …), shared by the production exception handler that learns of them and the processor that
 * must not produce them again.
 *
 * <p>Why a registry: under {@code exactly_once_v2} a failed send leaves the producer's transaction
 * unable to commit, whatever a production exception handler answers, so the stream thread fails,
 * its tasks restart from the last commit and emit the same row again. The handler records the row
 * here; on the replay the processor skips it, and the new transaction commits. The registry lives
 * as long as the {@code KafkaStreams} instance (thread replacements included); a new process that
 * meets the row again learns it again the same way. Thread-safe.
 */
public final class UnwritableRows {

    /**
     * Kafka Streams configuration key under which the instance travels (a non-string value, read
     * back with {@link #from}).
     */
    public static final String CONFIG = "plimsoll.streams.unwritable-rows";

    /** The identity of one output row: its window. */
    record RowId(String tenant, String service, String operation, long minuteEpochSecond) {

        static RowId of(ServiceMinuteKey key) {
            return new RowId(
                    key.tenant(), key.service(), key.operation(), key.windowStartEpochSecond());
        }

        @Override
        public String toString() {
            return "tenant '"
                    + tenant
                    + "', service '"
                    + service
                    + "', operation '"
                    + operation
                    + "', minute "
                    + Instant.ofEpochSecond(minuteEpochSecond);
        }
    }

    private final Map<RowId, String> rows = new ConcurrentHashMap<>();

    /** The registry found in a Kafka Streams configuration, or a new empty one. */
    static UnwritableRows from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof UnwritableRows u ? u : new UnwritableRows();
    }

    /**
     * Records a row Kafka refused for good.
     *
     * @return whether it is new
     */
    boolean add(RowId row, String reason) {
        return rows.putIfAbsent(row, reason) == null;
    }

    /** Why the row was refused, or {@code null} when it was not. */
    String reason(RowId row) {
        return rows.get(row);
    }

    /** The number of rows recorded. */
    public int size() {
        return rows.size();
    }
}
