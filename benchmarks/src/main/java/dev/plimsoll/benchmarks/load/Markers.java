package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Marker events that move each partition's stream time past a block's last minute. Records are
 * keyed by service, so a marker reaches partition {@code p} only if its service name hashes there
 * (Kafka's default partitioner: {@code murmur2(key) mod partitions}); the streams job counts a
 * record whose key is not its event's service as misrouted, so the name must fit the partition.
 * Markers belong to their own services ({@code plimsoll-bench-marker-N}), never to the benchmark's.
 */
final class Markers {

    static final String PREFIX = "plimsoll-bench-marker-";
    static final String OPERATION = "advance event time";

    private Markers() {}

    /** Kafka's default partition of a record keyed by {@code key} (UTF-8). */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** For each partition, the first marker service name that hashes to it. */
    static List<String> serviceNames(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
        }
        String[] names = new String[partitions];
        int found = 0;
        for (int i = 0; found < partitions; i++) {
            String name = PREFIX + i;
            int p = partitionOf(name, partitions);
            if (names[p] == null) {
                names[p] = name;
                found++;
            }
        }
        return List.of(names);
    }

    /** One marker event per partition, index = partition, starting at {@code micros}. */
    static List<RequestEvent> events(int partitions, long micros) {
        List<RequestEvent> events = new ArrayList<>();
        for (String service : serviceNames(partitions)) {
            events.add(new RequestEvent(service, OPERATION, micros, 1.0, 200, false, null, null));
        }
        return events;
    }
}
