package dev.plimsoll.cost.kafka;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.CostJobSettings;
import dev.plimsoll.cost.model.TrafficEvent;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

import java.util.Map;

/**
 * The job's two Kafka sources. Without a checkpoint to restore they read their topics from the
 * earliest offset (the job's results are replacements, so reading history again writes the same
 * rows); restored, they resume at the positions in the checkpoint. Offsets are also committed to
 * the group on checkpoints, for lag monitoring only.
 */
public final class KafkaInputs {

    private KafkaInputs() {}

    public static KafkaSource<CostRecord> costs(
            String bootstrapServers, CostJobSettings settings, Map<String, String> extra) {
        return KafkaSource.<CostRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(settings.costsTopic())
                .setGroupId(settings.groupId())
                .setClientIdPrefix(settings.groupId() + "-costs")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new CostRecordDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperties(properties(extra))
                .build();
    }

    public static KafkaSource<TrafficEvent> requests(
            String bootstrapServers, CostJobSettings settings, Map<String, String> extra) {
        return KafkaSource.<TrafficEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(settings.requestsTopic())
                .setGroupId(settings.groupId())
                .setClientIdPrefix(settings.groupId() + "-requests")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new TrafficDeserializer(settings.maxClockSkew()))
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .setProperties(properties(extra))
                .build();
    }

    private static java.util.Properties properties(Map<String, String> extra) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(extra);
        return p;
    }
}
