package dev.plimsoll.ingest.http;

import dev.plimsoll.core.telemetry.DecodedBatch;
import dev.plimsoll.ingest.csv.FocusCsv;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The 202 answer: how many records were accepted (and acknowledged by Kafka) and which were
 * rejected, by 0-based index in the batch, with a message naming the field and the problem. A FOCUS
 * CSV upload also gets the line of each rejected row and the imports it made (one per billing
 * account and billing period; each replaces what earlier imports said for that period).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IngestResponse(
        int accepted,
        List<Rejection> rejected,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<Import> imports) {

    /** One rejected record; {@code line} is the CSV line where the row starts. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Rejection(
            int index,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer line,
            String field,
            String error) {}

    /** One import of a billing account's billing period (FOCUS CSV). */
    @Serdeable
    public record Import(
            String billingAccountId,
            String billingPeriodStart,
            String billingPeriodEnd,
            int records,
            String generation) {}

    static IngestResponse of(DecodedBatch<?> batch) {
        return new IngestResponse(batch.accepted().size(), rejections(batch), null);
    }

    static IngestResponse of(FocusCsv.Result csv) {
        return new IngestResponse(
                csv.batch().accepted().size(),
                rejections(csv.batch()),
                csv.imports() == null
                        ? null
                        : csv.imports().stream()
                                .map(
                                        i ->
                                                new Import(
                                                        i.billingAccountId(),
                                                        i.billingPeriodStart().toString(),
                                                        i.billingPeriodEnd().toString(),
                                                        i.records(),
                                                        i.generation()))
                                .toList());
    }

    private static List<Rejection> rejections(DecodedBatch<?> batch) {
        return batch.rejected().stream()
                .map(
                        r ->
                                new Rejection(
                                        r.index(),
                                        r.line() > 0 ? r.line() : null,
                                        r.field(),
                                        r.message()))
                .toList();
    }
}
