package dev.plimsoll.streams.testing;

import dev.plimsoll.core.telemetry.RequestEvent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test-side encoder of request events (TODO(ingest): switch to core's codec after the merge). */
public final class RequestEventJson implements Serializer<RequestEvent> {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Override
    public byte[] serialize(String topic, RequestEvent e) {
        return encode(e);
    }

    public static byte[] encode(RequestEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("service", e.service());
            g.writeStringField("operation", e.operation());
            g.writeNumberField("startMicros", e.startMicros());
            g.writeNumberField("durationMs", e.durationMs());
            g.writeNumberField("status", e.status());
            g.writeBooleanField("error", e.error());
            if (e.userId() != null) {
                g.writeStringField("userId", e.userId());
            }
            if (e.tenant() != null) {
                g.writeStringField("tenant", e.tenant());
            }
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
