package dev.plimsoll.ingest.kafka;

import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.core.telemetry.RejectedRecord;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.List;
import java.util.Objects;

/**
 * The idempotency headers of the records of one request sent with an {@code Idempotency-Key}: the
 * batch id (core's {@link Idempotency#batchId}) and each record's index in the request, for the
 * accepted records and the dead letters.
 *
 * @param batchId the batch identity, {@value Idempotency#BATCH_ID_LENGTH} bytes
 * @param acceptedIndexes the index in the request of each accepted record, in order
 * @param rejectedIndexes the index in the request of each rejected record (dead letter), in order
 */
public record BatchStamp(byte[] batchId, int[] acceptedIndexes, int[] rejectedIndexes) {

    public BatchStamp {
        if (!Idempotency.isBatchId(batchId)) {
            throw new IllegalArgumentException("a batch id has 16 bytes");
        }
        Objects.requireNonNull(acceptedIndexes, "acceptedIndexes");
        Objects.requireNonNull(rejectedIndexes, "rejectedIndexes");
    }

    /**
     * The stamp of a batch whose records are numbered by their position in the request: the
     * accepted ones hold the positions the rejected ones do not.
     */
    public static BatchStamp of(byte[] batchId, DecodedBatch<?> batch) {
        List<RejectedRecord> rejected = batch.rejected();
        int[] rejectedIndexes = rejected.stream().mapToInt(RejectedRecord::index).toArray();
        int[] accepted = new int[batch.accepted().size()];
        int next = 0;
        int r = 0;
        for (int i = 0; i < accepted.length; i++) {
            while (r < rejectedIndexes.length && rejectedIndexes[r] == next) {
                r++;
                next++;
            }
            accepted[i] = next++;
        }
        return new BatchStamp(batchId, accepted, rejectedIndexes);
    }

    /** The headers of the accepted record number {@code i}. */
    Headers accepted(int i) {
        return headers(acceptedIndexes[i]);
    }

    /** The headers of the dead letter number {@code i}. */
    Headers rejected(int i) {
        return headers(rejectedIndexes[i]);
    }

    private Headers headers(int index) {
        RecordHeaders h = new RecordHeaders();
        h.add(Idempotency.BATCH_ID_HEADER, batchId);
        h.add(Idempotency.BATCH_INDEX_HEADER, Idempotency.encodeIndex(index));
        return h;
    }
}
