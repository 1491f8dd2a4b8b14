package dev.plimsoll.cost.kafka;

import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.cost.model.TrafficEvent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficDeserializerTest {

    private static final long START = Instant.parse("2026-03-01T10:15:30.250Z").toEpochMilli();
    private final TrafficDeserializer deserializer =
            new TrafficDeserializer(Duration.ofSeconds(10));

    private static ConsumerRecord<byte[], byte[]> record(
            byte[] value, long timestamp, RecordHeaders headers) {
        return new ConsumerRecord<>(
                "requests",
                0,
                7,
                timestamp,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                new byte[0],
                value,
                headers,
                Optional.empty());
    }

    private static byte[] event(String user) {
        return RequestEventCodec.create()
                .encode(
                        new RequestEvent(
                                "orders", "GET /", START * 1000, 12.5, 200, false, user, null));
    }

    private List<TrafficEvent> read(ConsumerRecord<byte[], byte[]> r) {
        List<TrafficEvent> out = new ArrayList<>();
        deserializer.deserialize(
                r,
                new org.apache.flink.util.Collector<>() {
                    @Override
                    public void collect(TrafficEvent record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        return out;
    }

    @Test
    void readsServiceHourUserAndEventTime() {
        List<TrafficEvent> events = read(record(event("u-1"), START + 2000, new RecordHeaders()));
        assertThat(events)
                .containsExactly(
                        new TrafficEvent(
                                "orders",
                                Instant.parse("2026-03-01T10:00:00Z").getEpochSecond(),
                                UserIdHash.hash("u-1"),
                                true,
                                START,
                                START + 2000,
                                null,
                                -1));
        assertThat(events.get(0).hasIdentity()).isFalse();
    }

    @Test
    void anEventDatedAheadOfItsArrivalMovesEventTimeOnlyToArrivalPlusSkew() {
        TrafficEvent e = read(record(event(null), START - 60_000, new RecordHeaders())).get(0);
        assertThat(e.eventTime()).isEqualTo(START - 60_000 + 10_000);
        assertThat(e.hasUser()).isFalse();
        assertThat(e.hour())
                .as("counted in its own hour")
                .isEqualTo(Instant.parse("2026-03-01T10:00:00Z").getEpochSecond());
    }

    @Test
    void takesTheIdempotencyHeadersOnlyWhenWellFormed() {
        byte[] batch = new byte[16];
        batch[0] = (byte) 0xab;
        RecordHeaders good = new RecordHeaders();
        good.add(Idempotency.BATCH_ID_HEADER, batch);
        good.add(Idempotency.BATCH_INDEX_HEADER, ByteBuffer.allocate(4).putInt(3).array());
        TrafficEvent e = read(record(event("u-1"), START, good)).get(0);
        assertThat(e.hasIdentity()).isTrue();
        assertThat(e.batchKey()).isEqualTo("ab000000000000000000000000000000");
        assertThat(e.batchIndex()).isEqualTo(3);

        RecordHeaders shortId = new RecordHeaders();
        shortId.add(Idempotency.BATCH_ID_HEADER, new byte[15]);
        shortId.add(Idempotency.BATCH_INDEX_HEADER, ByteBuffer.allocate(4).putInt(3).array());
        assertThat(read(record(event("u-1"), START, shortId)).get(0).hasIdentity()).isFalse();

        RecordHeaders negative = new RecordHeaders();
        negative.add(Idempotency.BATCH_ID_HEADER, batch);
        negative.add(Idempotency.BATCH_INDEX_HEADER, ByteBuffer.allocate(4).putInt(-1).array());
        assertThat(read(record(event("u-1"), START, negative)).get(0).hasIdentity()).isFalse();
    }

    @Test
    void skipsWhatIsNotAValidRequestEvent() {
        assertThat(
                        read(
                                record(
                                        "{\"service\":\"a\"}".getBytes(StandardCharsets.UTF_8),
                                        START,
                                        new RecordHeaders())))
                .isEmpty();
        assertThat(
                        read(
                                record(
                                        "not json".getBytes(StandardCharsets.UTF_8),
                                        START,
                                        new RecordHeaders())))
                .isEmpty();
    }
}
