package dev.plimsoll.streams.testing;

import dev.plimsoll.streams.StreamsService;
import dev.plimsoll.streams.StreamsSettings;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the service-minute streams job until the JVM is stopped. Arguments: bootstrap servers, state
 * directory, application id, input topic, output topic, and optionally the grace period, the idle
 * close time and the maximum clock skew (ISO-8601 durations, e.g. {@code PT1S}; defaults
 * otherwise).
 */
public final class StreamsMain {

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> overrides = new HashMap<>(TestClients.FAST_GROUP);
        // small polls: many short transactions, so that a kill lands in the middle of one
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        StreamsSettings.Builder settings =
                StreamsSettings.defaults(args[0], Path.of(args[1])).toBuilder()
                        .applicationId(args[2])
                        .inputTopic(args[3])
                        .outputTopic(args[4])
                        .commitInterval(Duration.ofMillis(200))
                        .kafkaOverrides(overrides);
        if (args.length > 6) {
            settings.grace(Duration.parse(args[5])).idleCloseAfter(Duration.parse(args[6]));
        }
        if (args.length > 7) {
            settings.maxClockSkew(Duration.parse(args[7]));
        }
        StreamsService service = new StreamsService(settings.build());
        service.start();
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        System.out.println("STREAMS STARTED");
        Thread.currentThread().join();
    }

    private StreamsMain() {}
}
