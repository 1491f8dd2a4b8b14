package dev.plimsoll.ingest;

import dev.plimsoll.core.telemetry.DeadLetter;
import dev.plimsoll.core.telemetry.DeadLetterCodec;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.telemetry.Validation;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Decodes what the tests read from the telemetry topics ({@link TopicReader}). */
public final class Records {

    private static final RequestEventCodec REQUESTS = RequestEventCodec.create();

    private Records() {}

    /** The request events keyed by {@code service}, decoded (each must be valid). */
    public static List<RequestEvent> requestEvents(
            List<ConsumerRecord<byte[], byte[]>> records, String service) {
        return records.stream()
                .filter(c -> new String(c.key(), StandardCharsets.UTF_8).equals(service))
                .map(
                        c -> {
                            try {
                                return ((Validation.Accepted<RequestEvent>)
                                                REQUESTS.decode(c.value()))
                                        .value();
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        })
                .toList();
    }

    /** Every dead letter, decoded. */
    public static List<DeadLetter> deadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(
                        c -> {
                            try {
                                return DeadLetterCodec.decode(c.value());
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        })
                .toList();
    }
}
