package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decodes a batch body: a JSON array of records, or NDJSON (one record per line; any whitespace
 * between top-level values is accepted, so a single object is a batch of one). Each element is
 * validated on its own; an element that is not an object is rejected with field {@code record}.
 * Broken JSON anywhere makes the whole batch malformed, since no later record boundary can be
 * trusted.
 *
 * <p>Memory: the accepted records plus, for rejected ones only, a copy of their raw text. Stateless
 * and thread-safe.
 */
public final class TelemetryBatches {

    private TelemetryBatches() {}

    /**
     * The JSON factory every v1 codec reads and writes with (nesting and size limits, fast number
     * parsing), for callers that stream records through a {@link TelemetryCodec.JsonRecordReader}
     * themselves. Thread-safe.
     */
    public static JsonFactory jsonFactory() {
        return JsonSupport.FACTORY;
    }

    /**
     * Decodes and validates every record of {@code body}.
     *
     * @param nowMicros the current time, epoch microseconds, for the "not in the future" rule
     * @throws MalformedTelemetryException when the body is not well-formed JSON or NDJSON; the
     *     message names the line, column and byte offset
     */
    public static <T> DecodedBatch<T> decodeJson(
            byte[] body, TelemetryCodec<T> codec, long nowMicros)
            throws MalformedTelemetryException {
        try {
            return decodeJson(body, codec, nowMicros, Integer.MAX_VALUE);
        } catch (TooManyRecordsException e) {
            throw new AssertionError(e); // cannot hold more than Integer.MAX_VALUE records
        }
    }

    /**
     * Decodes and validates every record of {@code body}, up to {@code maxRecords}.
     *
     * @param nowMicros the current time, epoch microseconds, for the "not in the future" rule
     * @param maxRecords the most records allowed in one batch
     * @throws MalformedTelemetryException when the body is not well-formed JSON or NDJSON; the
     *     message names the line, column and byte offset
     * @throws TooManyRecordsException as soon as record {@code maxRecords + 1} starts
     */
    public static <T> DecodedBatch<T> decodeJson(
            byte[] body, TelemetryCodec<T> codec, long nowMicros, int maxRecords)
            throws MalformedTelemetryException, TooManyRecordsException {
        return decodeJson(body, codec, nowMicros, maxRecords, Validation::accepted);
    }

    /**
     * Decodes and validates every record of {@code body}, up to {@code maxRecords}, and passes each
     * valid record through {@code guard} — a rule that depends on who sent the batch, such as the
     * tenant binding of the sender's API key ({@code dev.plimsoll.core.security.IngestTenancy}).
     *
     * <p>The guard sees valid records only, in batch order. An {@link Validation.Accepted} result
     * is kept in place of the record (so a guard may complete it, e.g. stamp a tenant); a {@link
     * Validation.Rejected} result rejects the record at its index, with its raw text, exactly like
     * a validation failure. Cost: one guard call per valid record (the overload without a guard
     * passes {@code Validation::accepted}).
     *
     * @param guard applied to each valid record; must not return {@code null}
     * @throws MalformedTelemetryException when the body is not well-formed JSON or NDJSON
     * @throws TooManyRecordsException as soon as record {@code maxRecords + 1} starts
     */
    public static <T> DecodedBatch<T> decodeJson(
            byte[] body,
            TelemetryCodec<T> codec,
            long nowMicros,
            int maxRecords,
            Function<? super T, Validation<T>> guard)
            throws MalformedTelemetryException, TooManyRecordsException {
        Objects.requireNonNull(guard, "guard");
        TelemetryCodec.JsonRecordReader<T> reader = codec.reader();
        List<T> accepted = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        try (JsonParser p = JsonSupport.FACTORY.createParser(body)) {
            JsonToken t = p.nextToken();
            boolean array = t == JsonToken.START_ARRAY;
            if (array) {
                t = p.nextToken();
            }
            int index = 0;
            while (t != null && !(array && t == JsonToken.END_ARRAY)) {
                if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                    throw JsonSupport.malformed(p, "unexpected " + t.asString());
                }
                if (index == maxRecords) {
                    throw new TooManyRecordsException(maxRecords);
                }
                int from = (int) p.currentTokenLocation().getByteOffset();
                Validation<T> result = reader.read(p, nowMicros);
                if (result instanceof Validation.Accepted<T> valid) {
                    result = guard.apply(valid.value());
                }
                if (result instanceof Validation.Accepted<T> a) {
                    accepted.add(a.value());
                } else {
                    Validation.Rejected<T> r = (Validation.Rejected<T>) result;
                    int to = (int) p.currentLocation().getByteOffset();
                    String raw =
                            new String(body, from, Math.max(0, to - from), StandardCharsets.UTF_8);
                    rejected.add(new RejectedRecord(index, r.field(), r.problem(), raw));
                }
                index++;
                t = p.nextToken();
            }
            if (array && p.nextToken() != null) {
                throw JsonSupport.malformed(p, "unexpected content after the closing ]");
            }
        } catch (JsonProcessingException e) {
            throw JsonSupport.malformed(e);
        } catch (IOException e) {
            throw new MalformedTelemetryException(-1, -1, -1, e.getMessage(), e);
        }
        return new DecodedBatch<>(accepted, rejected);
    }
}
