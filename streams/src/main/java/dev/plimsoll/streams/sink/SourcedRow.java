package dev.plimsoll.streams.sink;

import dev.plimsoll.streams.row.ServiceMinuteRow;

import java.util.Objects;

/**
 * A row with the Kafka position it was read from, stored with it in ClickHouse so that the sink can
 * resume after the last stored row.
 */
public record SourcedRow(int partition, long offset, ServiceMinuteRow row) {
    public SourcedRow {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException(
                    "partition and offset must be >= 0, were " + partition + ", " + offset);
        }
        Objects.requireNonNull(row, "row");
    }
}
