package dev.plimsoll.core.telemetry;

import java.util.List;

/**
 * A decoded and validated batch: the valid records in their original order and the invalid ones
 * with their index and reason. Immutable and thread-safe (lists are unmodifiable copies).
 *
 * @param accepted valid records, in batch order
 * @param rejected invalid records, in batch order
 */
public record DecodedBatch<T>(List<T> accepted, List<RejectedRecord> rejected) {

    public DecodedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    /** Number of records in the batch, valid or not. */
    public int size() {
        return accepted.size() + rejected.size();
    }
}
