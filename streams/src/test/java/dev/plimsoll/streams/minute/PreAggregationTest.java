package dev.plimsoll.streams.minute;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.aggregate.ServiceMinuteAggregate;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static dev.plimsoll.streams.minute.ServiceMinuteTopologyTest.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor keeps aggregates in memory and writes them to the store only when the commit hook
 * fires: the store is not touched per event.
 */
class PreAggregationTest {

    private static final Instant MINUTE_0 = Instant.parse("2025-03-01T10:00:00Z");

    private MockProcessorContext<String, ServiceMinuteRow> context;
    private KeyValueStore<Bytes, byte[]> store;
    private CommitHookStore hook;
    private ServiceMinuteProcessor processor;

    @BeforeEach
    void init() {
        TaskFixture task = TaskFixture.create();
        context = task.context();
        store = task.aggregates();
        hook = task.hook();
        processor = new ServiceMinuteProcessor(120_000, 3_600_000, 0, 10_000);
        processor.init(context);
    }

    @Test
    void eventsReachTheStoreOnlyAtCommit() {
        process(1_000);
        assertThat(storedCounts()).isEmpty();

        hook.flushCache(); // what StreamTask.prepareCommit triggers

        assertThat(storedCounts()).isEqualTo(Map.of("op", 1_000L, "", 1_000L));

        process(500);
        assertThat(storedCounts()).isEqualTo(Map.of("op", 1_000L, "", 1_000L));
        hook.flushCache();
        assertThat(storedCounts()).isEqualTo(Map.of("op", 1_500L, "", 1_500L));
        assertThat(storedChunks()).as("one chunk per row and commit, appended").isEqualTo(4);
    }

    @Test
    void aResetTaskForgetsWhatWasNotCommittedAndResumesFromTheStore() {
        process(5);
        hook.flushCache();
        process(3); // not committed: after a reset, Kafka delivers these events again

        hook.clearCache(); // the task's state is reset to the store
        process(1);
        hook.flushCache();

        assertThat(storedCounts()).isEqualTo(Map.of("op", 6L, "", 6L));
    }

    @Test
    void aNewProcessorInstanceResumesTheOpenWindowsOfTheStore() {
        process(7);
        hook.flushCache();
        processor.close();

        processor = new ServiceMinuteProcessor(120_000, 3_600_000, 0, 10_000);
        processor.init(context);
        process(2);
        hook.flushCache();

        // the new instance continues the chunk numbering instead of overwriting chunk 0
        assertThat(storedCounts()).isEqualTo(Map.of("op", 9L, "", 9L));
        assertThat(storedChunks()).isEqualTo(4);
    }

    private void process(int n) {
        for (int i = 0; i < n; i++) {
            RequestEvent e = event("orders", "op", MINUTE_0.plusMillis(i % 60_000), 2.5, false);
            context.setCurrentStreamTimeMs(Math.floorDiv(e.startMicros(), 1000));
            processor.process(new Record<>("orders", e, Math.floorDiv(e.startMicros(), 1000)));
        }
    }

    /** Σ count per operation over all stored chunks. */
    private Map<String, Long> storedCounts() {
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            all.forEachRemaining(
                    kv -> {
                        try {
                            counts.merge(
                                    ChunkKey.fromBytes(kv.key.get()).row().operation(),
                                    ServiceMinuteAggregate.fromBytes(kv.value).count(),
                                    Long::sum);
                        } catch (DecodingException e) {
                            throw new AssertionError(e);
                        }
                    });
        }
        return counts;
    }

    private long storedChunks() {
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            long n = 0;
            while (all.hasNext()) {
                all.next();
                n++;
            }
            return n;
        }
    }
}
