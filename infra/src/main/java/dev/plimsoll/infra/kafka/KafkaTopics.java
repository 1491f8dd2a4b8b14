package dev.plimsoll.infra.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates topics and waits until every partition accepts writes.
 *
 * <p>Why wait: {@code createTopics} completes when the controller has committed the topics; the
 * broker applies them a moment later, and its metadata can name itself leader of a partition before
 * its replica manager leads it. An idempotent producer sending several batches at once in that
 * window can have its first batch rejected ({@code NOT_LEADER_OR_FOLLOWER}) and a later one
 * accepted; the first batch then fails with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} on every retry
 * until {@code delivery.timeout.ms} expires it (Kafka 4.2, KAFKA-15591 / KAFKA-19880). Producing
 * only after a {@code ListOffsets} succeeds on every partition (which the replica manager answers)
 * avoids it. Topics created on the fly by auto-creation are exposed to the same race.
 */
public final class KafkaTopics {

    private KafkaTopics() {}

    /**
     * Creates {@code topics} on the cluster at {@code bootstrapServers} with the given partitions
     * and replication factor, like {@link #createAndAwait(Admin, Collection, Duration)}.
     */
    public static void createAndAwait(
            String bootstrapServers,
            Collection<String> topics,
            int partitions,
            short replicationFactor,
            Duration timeout) {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            createAndAwait(
                    admin,
                    topics.stream()
                            .map(t -> new NewTopic(t, partitions, replicationFactor))
                            .toList(),
                    timeout);
        }
    }

    /**
     * Creates the topics (existing ones are left as they are) and returns when every partition of
     * every topic has a leader that accepts writes.
     *
     * @throws IllegalStateException if that does not happen within {@code timeout}, or creation
     *     fails for another reason than the topic existing
     */
    public static void createAndAwait(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try {
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Cannot create topic "
                                        + entry.getKey()
                                        + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : describe(admin, names, deadline).values()) {
                topic.partitions()
                        .forEach(
                                p ->
                                        latest.put(
                                                new TopicPartition(topic.name(), p.partition()),
                                                OffsetSpec.latest()));
            }
            awaitListOffsets(admin, latest, deadline, names, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names, e);
        } catch (TimeoutException e) {
            throw notReady(names, timeout, e);
        }
    }

    private static Map<String, TopicDescription> describe(
            Admin admin, List<String> names, long deadline)
            throws InterruptedException, TimeoutException {
        while (true) {
            try {
                return admin.describeTopics(names)
                        .allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                retryOrThrow(e, deadline);
            }
        }
    }

    private static void awaitListOffsets(
            Admin admin,
            Map<TopicPartition, OffsetSpec> partitions,
            long deadline,
            List<String> names,
            Duration timeout)
            throws InterruptedException, TimeoutException {
        while (true) {
            try {
                int remaining = (int) Math.min(Integer.MAX_VALUE, remainingMillis(deadline));
                admin.listOffsets(partitions, new ListOffsetsOptions().timeoutMs(remaining))
                        .all()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                retryOrThrow(e, deadline);
            }
        }
    }

    private static void retryOrThrow(ExecutionException e, long deadline)
            throws InterruptedException, TimeoutException {
        if (!(e.getCause() instanceof RetriableException)) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        remainingMillis(deadline);
        Thread.sleep(50);
    }

    private static long remainingMillis(long deadline) throws TimeoutException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new TimeoutException("deadline passed");
        }
        return remaining;
    }

    private static IllegalStateException notReady(
            List<String> names, Duration timeout, Exception cause) {
        return new IllegalStateException(
                "Topics " + names + " were not writable within " + timeout.toMillis() + " ms",
                cause);
    }
}
