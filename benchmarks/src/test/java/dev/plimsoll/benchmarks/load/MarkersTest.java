package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkersTest {

    @Test
    void everyPartitionGetsAMarkerWhoseKeyHashesThere() {
        for (int partitions = 1; partitions <= 24; partitions++) {
            List<String> names = Markers.serviceNames(partitions);

            assertThat(names).hasSize(partitions).doesNotHaveDuplicates();
            for (int p = 0; p < partitions; p++) {
                byte[] key = names.get(p).getBytes(StandardCharsets.UTF_8);
                assertThat(BuiltInPartitioner.partitionForKey(key, partitions)).isEqualTo(p);
                assertThat(Markers.partitionOf(names.get(p), partitions)).isEqualTo(p);
            }
        }
    }

    @Test
    void markersAreValidEventsOfTheirOwnServices() {
        List<RequestEvent> markers = Markers.events(3, 1_772_366_400_000_000L);

        assertThat(markers)
                .hasSize(3)
                .allSatisfy(
                        m -> {
                            assertThat(m.service()).startsWith(Markers.PREFIX);
                            assertThat(m.startMicros()).isEqualTo(1_772_366_400_000_000L);
                        });
        assertThat(new EventGenerator(1, 20, 1, 0).serviceNames())
                .noneMatch(s -> s.startsWith(Markers.PREFIX));
    }
}
