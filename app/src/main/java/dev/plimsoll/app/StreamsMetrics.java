package dev.plimsoll.app;

import dev.plimsoll.streams.StreamsService;
import dev.plimsoll.streams.sink.ClickHouseSink;
import dev.plimsoll.streams.sink.SinkStats;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

import java.util.function.ToLongFunction;

/**
 * Self-metrics of the streams role in the shared registry ({@code /prometheus}): every Kafka
 * Streams metric — including the consumer's {@code records-lag-max} and the aggregator's counters
 * per task (bound as Kafka's metrics appear, which Micrometer checks once a minute) — the late and
 * retried events as counters of their own ({@code plimsoll_streams_late_corrected_total}, {@code
 * plimsoll_streams_duplicates_total}: read at each scrape, summed over the process's tasks) and the
 * ClickHouse sink's counters.
 */
@Context
@Requires(property = "plimsoll.streams.enabled", notEquals = "false")
@Requires(beans = MeterRegistry.class)
final class StreamsMetrics {

    private final KafkaStreamsMetrics kafkaStreams;

    StreamsMetrics(StreamsRole role, MeterRegistry registry) {
        this.kafkaStreams = new KafkaStreamsMetrics(role.streams().kafkaStreams());
        kafkaStreams.bindTo(registry);
        StreamsService streams = role.streams();
        FunctionCounter.builder(
                        "plimsoll.streams.late.corrected",
                        streams,
                        s -> s.aggregatorTotal("late-corrected-records"))
                .description(
                        "Request events that reached the streams job after their minute was"
                                + " written, counted in a correction of it")
                .register(registry);
        FunctionCounter.builder(
                        "plimsoll.streams.duplicates",
                        streams,
                        s -> s.aggregatorTotal("duplicate-records"))
                .description(
                        "Records of a batch sent again with the same Idempotency-Key, skipped"
                                + " because they were counted already")
                .register(registry);
        ClickHouseSink sink = role.sink();
        counter(registry, sink, "plimsoll.sink.rows.inserted", SinkStats::rowsInserted);
        counter(registry, sink, "plimsoll.sink.batches.inserted", SinkStats::batchesInserted);
        counter(registry, sink, "plimsoll.sink.records.skipped", SinkStats::recordsSkipped);
        counter(registry, sink, "plimsoll.sink.insert.failures", SinkStats::insertFailures);
    }

    private static void counter(
            MeterRegistry registry,
            ClickHouseSink sink,
            String name,
            ToLongFunction<SinkStats> value) {
        FunctionCounter.builder(name, sink, s -> value.applyAsLong(s.stats()))
                .description("ClickHouse sink of the streams role")
                .register(registry);
    }

    @PreDestroy
    void close() {
        kafkaStreams.close();
    }
}
