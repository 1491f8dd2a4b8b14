package dev.plimsoll.app;

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
 * Streams metric — including the consumer's {@code records-lag-max} and the aggregator's {@code
 * late-dropped-records} — and the ClickHouse sink's counters.
 */
@Context
@Requires(property = "plimsoll.streams.enabled", notEquals = "false")
@Requires(beans = MeterRegistry.class)
final class StreamsMetrics {

    private final KafkaStreamsMetrics kafkaStreams;

    StreamsMetrics(StreamsRole role, MeterRegistry registry) {
        this.kafkaStreams = new KafkaStreamsMetrics(role.streams().kafkaStreams());
        kafkaStreams.bindTo(registry);
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
