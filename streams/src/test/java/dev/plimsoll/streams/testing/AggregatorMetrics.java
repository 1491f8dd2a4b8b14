package dev.plimsoll.streams.testing;

import dev.plimsoll.streams.minute.ServiceMinuteTopology;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;

/** Reads the aggregator's metrics ({@link ServiceMinuteTopology#METRICS_GROUP}). */
public final class AggregatorMetrics {

    private AggregatorMetrics() {}

    /**
     * The value of metric {@code name} (e.g. {@code late-corrected-records-total}) summed over
     * tasks, from {@code KafkaStreams#metrics()} or {@code TopologyTestDriver#metrics()}.
     */
    public static double sum(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .filter(e -> e.getKey().group().equals(ServiceMinuteTopology.METRICS_GROUP))
                .map(Map.Entry::getValue)
                .mapToDouble(m -> (Double) m.metricValue())
                .sum();
    }
}
