package dev.plimsoll.cost.operators;

import dev.plimsoll.cost.model.TrafficEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retried batches: (batch id, index) counted once within 24 h of Kafka time. */
class RequestDedupTest {

    private static final long T = Harnesses.ms("2026-03-01T10:00:00Z");
    private static final long DAY = 86_400_000L;
    private static final byte[] B1 = new byte[16];
    private static final byte[] B2 = new byte[16];

    static {
        B2[15] = 1;
    }

    private KeyedOneInputStreamOperatorTestHarness<String, TrafficEvent, TrafficEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                Harnesses.opened(
                        new RequestDedup(Duration.ofHours(24)),
                        TrafficEvent::batchKey,
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(byte[] batch, int index, long recordTs) throws Exception {
        harness.processElement(
                new TrafficEvent("orders", 0, 0, false, recordTs, recordTs, batch, index),
                recordTs);
    }

    private List<String> drain() {
        List<String> out =
                harness.extractOutputValues().stream()
                        .map(
                                e ->
                                        e.batchKey().substring(30)
                                                + "#"
                                                + e.batchIndex()
                                                + "@"
                                                + (e.recordTimestamp() - T))
                        .toList();
        harness.getOutput().clear();
        return out;
    }

    @Test
    void aRetriedRecordCountsOnceWithinTheWindow() throws Exception {
        send(B1, 0, T);
        send(B1, 1, T);
        send(B1, 0, T + 3_600_000); // the retry of the whole batch an hour later
        send(B1, 1, T + 3_600_000);
        send(B1, 2, T + 3_600_000); // a record the first attempt never delivered
        send(B2, 0, T + 3_600_000); // another batch
        send(B1, 1, T + DAY); // exactly 24 h later: still a duplicate
        assertThat(drain()).containsExactly("00#0@0", "00#1@0", "00#2@3600000", "01#0@3600000");

        send(B1, 1, T + DAY + 1); // more than 24 h after the window opened: counted again
        assertThat(drain()).containsExactly("00#1@86400001");
    }

    @Test
    void stateIsClearedAnHourAfterTheWindow() throws Exception {
        send(B1, 0, T);
        send(B2, 0, T + 1000);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        harness.processWatermark(T + DAY + 3_600_000);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(T + 1000 + DAY + 3_600_000);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
