package dev.plimsoll.streams.minute;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.aggregate.ServiceMinuteAggregate;
import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.testing.AggregatorMetrics;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records of a batch sent again with the same {@code Idempotency-Key} (ingest stamps them with the
 * batch id and their index, core's {@link Idempotency}) are counted once (ADR 0012).
 */
class RetriedBatchesTest extends TopologyTestBase {

    private static final Instant MINUTE_0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant WALL_CLOCK = Instant.parse("2026-01-01T00:00:00Z");
    private static final byte[] BATCH =
            Idempotency.batchId("svc-key", "/api/v1/ingest/requests", "k-1", bytes("body 1"));
    private static final byte[] OTHER_BATCH =
            Idempotency.batchId("svc-key", "/api/v1/ingest/requests", "k-2", bytes("body 2"));

    @BeforeEach
    void start() {
        startDriver(settings().idleCloseAfter(Duration.ZERO).build(), WALL_CLOCK);
    }

    @Test
    void aRetryAfterAPartialWriteCountsEveryRecordOnce() {
        // the first attempt reached Kafka with records 0..2 of 5 before the 503
        for (int i = 0; i < 3; i++) {
            send(event(i), BATCH, i);
        }
        // the retry: all five again, same key and body, so the same batch id
        for (int i = 0; i < 5; i++) {
            send(event(i), BATCH, i);
        }
        assertThat(metric("duplicate-records-total")).isEqualTo(3.0);

        assertThat(countOf10()).isEqualTo(5);
    }

    @Test
    void otherBatchesRecordsWithoutKeyAndMalformedHeadersAreNeverDuplicates() {
        for (int i = 0; i < 2; i++) {
            send(event(i), BATCH, i);
            send(event(i), OTHER_BATCH, i); // another key (or another body): another batch
            requests.pipeInput(
                    new TestRecord<>(
                            "orders", event(i), new RecordHeaders(), millis(event(i)))); // no key
            requests.pipeInput(
                    new TestRecord<>(
                            "orders", event(i), new RecordHeaders(), millis(event(i)))); // again
            Headers shortId = new RecordHeaders();
            shortId.add(Idempotency.BATCH_ID_HEADER, new byte[15]);
            shortId.add(Idempotency.BATCH_INDEX_HEADER, Idempotency.encodeIndex(i));
            requests.pipeInput(
                    new TestRecord<>("orders", event(i), shortId, millis(event(i)))); // malformed
            requests.pipeInput(new TestRecord<>("orders", event(i), shortId, millis(event(i))));
        }
        assertThat(metric("duplicate-records-total")).isZero();
        assertThat(countOf10()).isEqualTo(2 * 6);
    }

    @Test
    void aBatchIsForgottenOnlyAfterTheWindow() {
        send(event(0), BATCH, 0);
        driver.advanceWallClockTime(Idempotency.WINDOW); // exactly 24 h later: still a retry
        send(event(0), BATCH, 0);
        assertThat(metric("duplicate-records-total")).isEqualTo(1.0);
        driver.advanceWallClockTime(Duration.ofMillis(1)); // 24 h + 1 ms: a new batch
        send(event(0), BATCH, 0);
        assertThat(metric("duplicate-records-total")).isEqualTo(1.0);
        assertThat(countOf10()).isEqualTo(2);
    }

    /**
     * On one task: what a committed drain recorded survives a new processor (a restart); marks of
     * records that were not committed are forgotten with them (a crash), so their replay counts.
     */
    @Test
    void countedMarksCommitWithTheAggregates() {
        TaskFixture task = TaskFixture.create();
        MockProcessorContext<String, ServiceMinuteRow> context = task.context();
        context.setCurrentSystemTimeMs(WALL_CLOCK.toEpochMilli());
        ServiceMinuteProcessor first = new ServiceMinuteProcessor(120_000, 3_600_000, 0, 10_000);
        first.init(context);
        process(context, first, 0);
        process(context, first, 1);
        task.hook().flushCache(); // commit: 0 and 1 counted
        assertThat(task.batches().size()).isEqualTo(1);
        process(context, first, 2); // not committed
        task.hook().clearCache(); // crash: the task is reset to its stores
        first.close();

        ServiceMinuteProcessor second = new ServiceMinuteProcessor(120_000, 3_600_000, 0, 10_000);
        second.init(context);
        for (int i = 0; i < 4; i++) { // the retry (or the replay after the crash): 0..3
            process(context, second, i);
        }
        task.hook().flushCache();
        process(context, second, 0); // a late copy of the batch, after the commit
        task.hook().flushCache();
        // the stores hold 0 and 1 from the first processor, then 2 and 3: 4 events in 10:00
        assertThat(storedWholeServiceCount(task)).isEqualTo(4);
        assertThat(AggregatorMetrics.sum(context.metrics().metrics(), "duplicate-records-total"))
                .isEqualTo(3.0);
        second.close();
    }

    /** Σ count of the whole-service row over the chunks in the store. */
    private static long storedWholeServiceCount(TaskFixture task) {
        long count = 0;
        try (KeyValueIterator<Bytes, byte[]> it = task.aggregates().all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                if (ChunkKey.fromBytes(kv.key.get()).row().isWholeService()) {
                    try {
                        count += ServiceMinuteAggregate.fromBytes(kv.value).count();
                    } catch (DecodingException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        return count;
    }

    private static void process(
            MockProcessorContext<String, ServiceMinuteRow> context,
            ServiceMinuteProcessor processor,
            int index) {
        RequestEvent e = event(index);
        context.setCurrentStreamTimeMs(millis(e));
        processor.process(new Record<>("orders", e, millis(e), headers(BATCH, index)));
    }

    private void send(RequestEvent e, byte[] batch, int index) {
        requests.pipeInput(new TestRecord<>("orders", e, headers(batch, index), millis(e)));
    }

    private static Headers headers(byte[] batch, int index) {
        Headers h = new RecordHeaders();
        h.add(Idempotency.BATCH_ID_HEADER, batch);
        h.add(Idempotency.BATCH_INDEX_HEADER, Idempotency.encodeIndex(index));
        return h;
    }

    /** Count of the whole-service row of 10:00, once the minute is written. */
    private long countOf10() {
        send(event("orders", "op", MINUTE_0.plus(Duration.ofHours(1)), 1, false));
        return rows.readValuesToList().stream()
                .filter(r -> r.minute().equals(MINUTE_0) && r.operation().isEmpty())
                .mapToLong(ServiceMinuteRow::count)
                .sum();
    }

    private static RequestEvent event(int i) {
        return event("orders", "op", MINUTE_0.plusSeconds(i), 10 + i, false);
    }

    private static long millis(RequestEvent e) {
        return Math.floorDiv(e.startMicros(), 1000);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
