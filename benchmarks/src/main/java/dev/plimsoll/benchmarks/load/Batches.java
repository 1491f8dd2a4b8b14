package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of one path cut into batches and encoded before the clock starts, in the contract's
 * canonical JSON (core's {@link RequestEventCodec}, what ingest itself writes to Kafka), so that
 * neither path pays for encoding while it is measured and both send the same bytes.
 */
final class Batches {

    private final List<RequestEvent> events;
    private final int size;

    Batches(List<RequestEvent> events, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, was " + size);
        }
        this.events = events;
        this.size = size;
    }

    List<RequestEvent> events() {
        return events;
    }

    int count() {
        return (events.size() + size - 1) / size;
    }

    int from(int batch) {
        return batch * size;
    }

    int to(int batch) {
        return Math.min(events.size(), (batch + 1) * size);
    }

    /** One NDJSON body per batch. */
    byte[][] ndjsonBodies() {
        RequestEventCodec codec = RequestEventCodec.create();
        byte[][] bodies = new byte[count()][];
        ByteArrayOutputStream body = new ByteArrayOutputStream(size * 220);
        for (int b = 0; b < bodies.length; b++) {
            body.reset();
            for (int i = from(b); i < to(b); i++) {
                body.writeBytes(codec.encode(events.get(i)));
                body.write('\n');
            }
            bodies[b] = body.toByteArray();
        }
        return bodies;
    }

    /** One Kafka value per event. */
    byte[][] values() {
        RequestEventCodec codec = RequestEventCodec.create();
        byte[][] values = new byte[events.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = codec.encode(events.get(i));
        }
        return values;
    }

    /** One Kafka key per event: its service in UTF-8 (arrays shared per service). */
    byte[][] keys() {
        Map<String, byte[]> byService = new HashMap<>();
        byte[][] keys = new byte[events.size()][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] =
                    byService.computeIfAbsent(
                            events.get(i).service(), s -> s.getBytes(StandardCharsets.UTF_8));
        }
        return keys;
    }
}
