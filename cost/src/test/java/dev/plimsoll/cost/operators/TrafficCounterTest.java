package dev.plimsoll.cost.operators;

import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.cost.model.DayInput;
import dev.plimsoll.cost.model.HourTraffic;
import dev.plimsoll.cost.model.TrafficEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static dev.plimsoll.cost.operators.Harnesses.hour;
import static org.assertj.core.api.Assertions.assertThat;

class TrafficCounterTest {

    private static final Duration SETTLE = Duration.ofHours(2);

    private KeyedOneInputStreamOperatorTestHarness<String, TrafficEvent, DayInput> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                Harnesses.opened(
                        new TrafficCounter(SETTLE, Duration.ofSeconds(5), 64),
                        TrafficEvent::serviceHourKey,
                        Types.STRING);
        harness.setProcessingTime(0);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static TrafficEvent event(String service, int h, String user) {
        long start = hour(h) * 1000 + 1000;
        return new TrafficEvent(
                service,
                hour(h),
                user == null ? 0 : UserIdHash.hash(user),
                user != null,
                start,
                start,
                null,
                -1);
    }

    private void send(TrafficEvent e) throws Exception {
        harness.processElement(e, e.eventTime());
    }

    /** (service, hour of day, requests, sorted user hashes, last). */
    private List<String> drain() {
        List<String> out =
                harness.extractOutputValues().stream()
                        .map(
                                i -> {
                                    HourTraffic t = (HourTraffic) i;
                                    long[] users = t.users().toArray();
                                    Arrays.sort(users);
                                    return t.service()
                                            + " "
                                            + (t.hour() - Harnesses.H0) / 3600
                                            + " "
                                            + t.requests()
                                            + " "
                                            + Arrays.toString(users)
                                            + (t.last() ? " last" : "");
                                })
                        .toList();
        harness.getOutput().clear();
        return out;
    }

    private static String users(String... ids) {
        long[] h = Arrays.stream(ids).mapToLong(UserIdHash::hash).sorted().toArray();
        return Arrays.toString(h);
    }

    @Test
    void countsFlushesProvisionallyAndFinallyThenClears() throws Exception {
        send(event("orders", 10, "u1"));
        send(event("orders", 10, "u2"));
        send(event("orders", 10, "u1"));
        send(event("orders", 10, null));
        send(event("search", 10, "u1"));
        assertThat(drain()).isEmpty();
        harness.setProcessingTime(5000);
        assertThat(drain())
                .containsExactlyInAnyOrder(
                        "orders 10 4 " + users("u1", "u2"), "search 10 1 " + users("u1"));

        send(event("orders", 10, "u3"));
        harness.setProcessingTime(9999);
        assertThat(drain()).isEmpty();
        harness.setProcessingTime(10_000);
        assertThat(drain())
                .as("the count so far, the users since the last update")
                .containsExactly("orders 10 5 " + users("u3"));

        long finalAt = hour(11) * 1000 + SETTLE.toMillis();
        harness.processWatermark(finalAt - 1);
        send(event("orders", 10, "u4")); // late but within the settle time: counted
        assertThat(drain()).isEmpty();
        harness.processWatermark(finalAt);
        assertThat(drain())
                .containsExactlyInAnyOrder(
                        "orders 10 6 " + users("u4") + " last", "search 10 1 [] last");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        send(event("orders", 10, "u5")); // past the settle time: not counted
        harness.setProcessingTime(60_000);
        assertThat(drain()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
