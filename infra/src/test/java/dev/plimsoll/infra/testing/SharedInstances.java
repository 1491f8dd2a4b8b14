package dev.plimsoll.infra.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records the Kafka service each test class received. Whichever class runs second fails if it got a
 * different instance than the first (surefire runs the classes of a module in one JVM).
 */
final class SharedInstances {

    private static final Map<Class<?>, KafkaService> SEEN = new ConcurrentHashMap<>();

    private SharedInstances() {}

    static void check(Class<?> testClass, KafkaService earlier, KafkaService now) throws Exception {
        assertThat(now).isSameAs(earlier).isSameAs(PlimsollServices.kafka());
        SEEN.put(testClass, now);
        assertThat(SEEN.values()).allSatisfy(seen -> assertThat(seen).isSameAs(now));
        // And it is a live broker.
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                now.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get()).isNotEmpty();
        }
    }
}
