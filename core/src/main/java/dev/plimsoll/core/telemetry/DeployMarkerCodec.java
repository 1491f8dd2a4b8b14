package dev.plimsoll.core.telemetry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;

/**
 * JSON encoding of {@link DeployMarker}s, topic {@code telemetry.deploys.v1}.
 *
 * <p>Input: {@code service}, {@code version} (string or integer), {@code at} (RFC 3339 or epoch
 * milliseconds, at most 24 hours in the future). Canonical output: {@code
 * {"service":"orders","version":"2026.03.1","at":"2026-03-01T12:00:00.000000Z"}}. Immutable and
 * thread-safe.
 */
public final class DeployMarkerCodec implements TelemetryCodec<DeployMarker> {

    private final Clock clock;

    private DeployMarkerCodec(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A codec that judges "in the future" against the system clock. */
    public static DeployMarkerCodec create() {
        return new DeployMarkerCodec(Clock.systemUTC());
    }

    /** A codec that judges "in the future" against {@code clock}. */
    public static DeployMarkerCodec withClock(Clock clock) {
        return new DeployMarkerCodec(clock);
    }

    @Override
    public String topic() {
        return TelemetryTopics.DEPLOYS;
    }

    @Override
    public String key(DeployMarker value) {
        return value.service();
    }

    @Override
    public byte[] encode(DeployMarker m) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = JsonSupport.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("service", m.service());
            g.writeStringField("version", m.version());
            g.writeStringField(
                    "at",
                    Timestamps.formatMicros(
                            m.at().getEpochSecond() * 1_000_000 + m.at().getNano() / 1000));
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    @Override
    public Validation<DeployMarker> decode(byte[] json) throws MalformedTelemetryException {
        return JsonSupport.decodeOne(json, reader(), clock.millis() * 1000);
    }

    @Override
    public JsonRecordReader<DeployMarker> reader() {
        return new Reader();
    }

    private static final class Reader implements JsonRecordReader<DeployMarker> {

        private final DeployMarkerDraft draft = new DeployMarkerDraft();
        private final String[] problem = new String[1];

        @Override
        public Validation<DeployMarker> read(JsonParser p, long nowMicros) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return JsonSupport.notAnObject(p);
            }
            DeployMarkerDraft d = draft.reset();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "service":
                    case "version":
                        String s = JsonSupport.text(p, v, name.equals("version"));
                        if (s == JsonSupport.WRONG) {
                            d.problem(name, JsonSupport.wrongType(p, "a string"));
                        } else if (name.equals("service")) {
                            d.service(s);
                        } else {
                            d.version(s);
                        }
                        break;
                    case "at":
                        problem[0] = null;
                        long at = JsonSupport.timestamp(p, v, problem);
                        if (problem[0] != null) {
                            d.problem("at", problem[0]);
                        } else if (at != Long.MAX_VALUE) {
                            d.atMicros(at);
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            return d.validate(nowMicros);
        }
    }
}
