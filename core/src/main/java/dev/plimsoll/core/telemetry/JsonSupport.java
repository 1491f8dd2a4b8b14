package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;

import java.io.IOException;

/** Streaming-JSON helpers shared by the codecs. Stateless and thread-safe. */
final class JsonSupport {

    /**
     * One factory for all codecs. Nesting is capped well below Jackson's default so that a hostile
     * body of nested arrays is rejected early; no legitimate v1 record nests more than 3 levels.
     */
    static final JsonFactory FACTORY =
            JsonFactory.builder()
                    // FastDoubleParser (bundled in jackson-core) reads the token's characters in
                    // place, correctly rounded; the default path builds a String per number.
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(64)
                                    .maxStringLength(8 * 1024 * 1024)
                                    .maxNumberLength(64)
                                    .build())
                    .build();

    private JsonSupport() {}

    /** How a JSON token is named in messages. */
    static String kind(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.asString() == null ? token.name() : token.asString();
        }
    }

    /** The problem text for a value of the wrong JSON type, after skipping that value. */
    static String wrongType(JsonParser p, String expected) throws IOException {
        JsonToken t = p.currentToken();
        p.skipChildren();
        return "must be " + expected + ", found " + kind(t);
    }

    /** A string value, or {@code null} for JSON null; other kinds yield {@code WRONG}. */
    static String text(JsonParser p, JsonToken t, boolean allowNumber) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (allowNumber && t == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        return WRONG;
    }

    /** Marker returned by {@link #text} for a value that is not a string (identity compared). */
    @SuppressWarnings("StringOperationCanBeSimplified")
    static final String WRONG = new String("<wrong type>");

    /**
     * Reads a timestamp value (RFC 3339 string or epoch-millisecond number) at the current token.
     *
     * @return epoch microseconds, {@link Timestamps#INVALID} for a bad value (with {@code
     *     problem[0]} set), or {@code Long.MAX_VALUE} for JSON null
     */
    static long timestamp(JsonParser p, JsonToken t, String[] problem) throws IOException {
        switch (t) {
            case VALUE_STRING:
                long micros =
                        Timestamps.parseMicros(
                                p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (micros == Timestamps.INVALID) {
                    problem[0] = Problems.notTimestamp(p.getText());
                }
                return micros;
            case VALUE_NUMBER_INT:
                try {
                    micros = Timestamps.millisToMicros(p.getLongValue());
                } catch (InputCoercionException e) {
                    micros = Timestamps.INVALID;
                }
                if (micros == Timestamps.INVALID) {
                    problem[0] = p.getText() + " is out of range for epoch milliseconds";
                }
                return micros;
            case VALUE_NUMBER_FLOAT:
                micros = Timestamps.millisToMicros(p.getDoubleValue());
                if (micros == Timestamps.INVALID) {
                    problem[0] = p.getText() + " is out of range for epoch milliseconds";
                }
                return micros;
            case VALUE_NULL:
                return Long.MAX_VALUE;
            default:
                problem[0] = wrongType(p, "an RFC 3339 string or epoch milliseconds");
                return Timestamps.INVALID;
        }
    }

    /** A malformed-input exception naming the parser's position. */
    static MalformedTelemetryException malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String detail = e.getOriginalMessage();
        if (at == null) {
            return new MalformedTelemetryException(-1, -1, -1, detail, e);
        }
        return new MalformedTelemetryException(
                at.getLineNr(), at.getColumnNr(), at.getByteOffset(), detail, e);
    }

    /** A malformed-input exception at the parser's current position. */
    static MalformedTelemetryException malformed(JsonParser p, String detail) {
        JsonLocation at = p.currentTokenLocation();
        return new MalformedTelemetryException(
                at.getLineNr(), at.getColumnNr(), at.getByteOffset(), detail, null);
    }

    /** Decodes exactly one JSON value from {@code json} with {@code reader}. */
    static <T> Validation<T> decodeOne(
            byte[] json, TelemetryCodec.JsonRecordReader<T> reader, long nowMicros)
            throws MalformedTelemetryException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw malformed(p, "expected a JSON object, found no content");
            }
            Validation<T> result = reader.read(p, nowMicros);
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw malformed(p, "unexpected content after the record: " + kind(trailing));
            }
            return result;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new MalformedTelemetryException(-1, -1, -1, e.getMessage(), e);
        }
    }

    /** The "not an object" rejection, after skipping the value. */
    static <T> Validation<T> notAnObject(JsonParser p) throws IOException {
        return Validation.rejected("record", wrongType(p, "a JSON object"));
    }
}
