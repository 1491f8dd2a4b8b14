package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.DecodedBatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The 202 answer: how many records were accepted (and acknowledged by Kafka) and which were
 * rejected, by 0-based index in the batch, with a message naming the field and the problem.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IngestResponse(int accepted, List<Rejection> rejected) {

    /** One rejected record. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Rejection(int index, String field, String error) {}

    static IngestResponse of(DecodedBatch<?> batch) {
        return new IngestResponse(
                batch.accepted().size(),
                batch.rejected().stream()
                        .map(r -> new Rejection(r.index(), r.field(), r.message()))
                        .toList());
    }
}
