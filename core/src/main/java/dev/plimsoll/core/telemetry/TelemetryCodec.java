package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.core.JsonParser;

import java.io.IOException;

/**
 * The canonical Kafka encoding of one record type of contract v1: JSON values, keys are the service
 * name. Implementations are immutable and thread-safe; the {@link JsonRecordReader} they hand out
 * is not.
 *
 * @param <T> the record type
 */
public interface TelemetryCodec<T> {

    /** The topic records of this type go to, e.g. {@code telemetry.requests.v1}. */
    String topic();

    /** The Kafka record key: the service, or {@code ""} when there is none (shared costs). */
    String key(T value);

    /** The canonical JSON value (UTF-8), which {@link #decode} reads back to an equal record. */
    byte[] encode(T value);

    /**
     * Decodes and validates one JSON object. Accepts every form the contract allows (RFC 3339 or
     * epoch milliseconds, status as a code or ok/error), not only the canonical one, so records
     * that services produce straight into Kafka are read the same way.
     *
     * @return the record, or a rejection naming the field and the problem
     * @throws MalformedTelemetryException when the bytes are not one well-formed JSON value
     */
    Validation<T> decode(byte[] json) throws MalformedTelemetryException;

    /** A reader for many records, reusing its buffers (not thread-safe). */
    JsonRecordReader<T> reader();

    /** Reads records of one type from a streaming JSON parser. Mutable, not thread-safe. */
    interface JsonRecordReader<T> {

        /**
         * Reads the value at the parser's current token, which the caller has just advanced to, and
         * leaves the parser on that value's last token. A value that is not an object is rejected
         * (field {@code record}) and skipped. Unknown fields are ignored.
         *
         * @param nowMicros the current time, epoch microseconds, for the "not in the future" rule
         * @throws IOException when the JSON is malformed (a {@link
         *     com.fasterxml.jackson.core.JsonProcessingException} carrying the location)
         */
        Validation<T> read(JsonParser parser, long nowMicros) throws IOException;
    }
}
