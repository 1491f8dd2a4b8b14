package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.streams.StreamsSettings;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.row.ServiceMinuteRowSerde;
import dev.plimsoll.streams.testing.AggregatorMetrics;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Tests of the service-minute topology on a {@link TopologyTestDriver}: a test starts the driver
 * with its settings, pipes request events into {@link #requests} and reads rows from {@link #rows};
 * the driver is closed after each test.
 */
abstract class TopologyTestBase {

    /** Nothing listens there: the driver never connects. */
    private static final String NO_BROKER = "127.0.0.1:9";

    private static final RequestEventCodec CODEC = RequestEventCodec.create();

    @TempDir Path stateDir;

    TopologyTestDriver driver;
    TestInputTopic<String, RequestEvent> requests;
    TestOutputTopic<String, ServiceMinuteRow> rows;

    /** The default settings, for a driver with its state in {@link #stateDir}. */
    StreamsSettings.Builder settings() {
        return StreamsSettings.defaults(NO_BROKER, stateDir).toBuilder();
    }

    /**
     * Starts the topology; its timestamp extractor reads the system clock, the driver's starts now.
     */
    void startDriver(StreamsSettings settings) {
        startDriver(settings, ServiceMinuteTopology.buildTopology(settings), null);
    }

    /**
     * Starts the topology; its timestamp extractor reads the system clock.
     *
     * @param wallClock the driver's initial wall-clock time
     */
    void startDriver(StreamsSettings settings, Instant wallClock) {
        startDriver(settings, ServiceMinuteTopology.buildTopology(settings), wallClock);
    }

    /**
     * Starts the topology with {@code extractorClockMs} as its timestamp extractor's wall clock.
     *
     * @param wallClock the driver's initial wall-clock time
     */
    void startDriver(StreamsSettings settings, LongSupplier extractorClockMs, Instant wallClock) {
        startDriver(
                settings,
                ServiceMinuteTopology.buildTopology(settings, extractorClockMs),
                wallClock);
    }

    /** {@code wallClock} null: now. */
    private void startDriver(StreamsSettings settings, Topology topology, Instant wallClock) {
        driver = new TopologyTestDriver(topology, settings.toProperties(), wallClock);
        requests =
                driver.createInputTopic(
                        settings.inputTopic(),
                        Serdes.String().serializer(),
                        (topic, e) -> CODEC.encode(e));
        rows =
                driver.createOutputTopic(
                        settings.outputTopic(),
                        Serdes.String().deserializer(),
                        new ServiceMinuteRowSerde().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** Pipes the event keyed by its service, with its start as the record timestamp. */
    void send(RequestEvent e) {
        requests.pipeInput(e.service(), e, Math.floorDiv(e.startMicros(), 1000));
    }

    /** An aggregator metric summed over tasks, e.g. {@code late-corrected-records-total}. */
    double metric(String name) {
        return AggregatorMetrics.sum(driver.metrics(), name);
    }

    static RequestEvent event(
            String service, String operation, Instant start, double durationMs, boolean error) {
        return event(service, operation, start, durationMs, error, null);
    }

    static RequestEvent event(
            String service,
            String operation,
            Instant start,
            double durationMs,
            boolean error,
            String tenant) {
        long micros = start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000;
        return new RequestEvent(
                service, operation, micros, durationMs, error ? 500 : 200, error, null, tenant);
    }
}
