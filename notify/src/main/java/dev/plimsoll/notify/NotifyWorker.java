package dev.plimsoll.notify;

import dev.plimsoll.notify.contact.ContactPoints;
import dev.plimsoll.notify.delivery.Attempt;
import dev.plimsoll.notify.delivery.Sender;
import dev.plimsoll.notify.delivery.SenderSettings;
import dev.plimsoll.notify.kafka.DeliveryLog;
import dev.plimsoll.notify.pipeline.NotifyTopology;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * The delivery worker of the {@code notify} role, framework-free: the grouping topology (Kafka
 * Streams, exactly-once) that fills the outbox, and the {@link Sender} that empties it. Started and
 * stopped as one; the contact points and the delivery log are shared with the API of the same
 * process and owned by the caller.
 */
public final class NotifyWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyWorker.class);

    /**
     * The worker's Kafka Streams settings.
     *
     * @param bootstrapServers Kafka
     * @param applicationId the Streams application id (consumer group, internal topic prefix)
     * @param stateDir where Streams keeps its local state
     * @param replicationFactor replication of internal topics, or -1 for the broker's default
     * @param instanceId a static group member id, or null (see {@link SenderSettings})
     * @param sessionTimeout the group session timeout
     * @param commitInterval how often the exactly-once transaction commits
     */
    public record StreamsOptions(
            String bootstrapServers,
            String applicationId,
            Path stateDir,
            int replicationFactor,
            String instanceId,
            Duration sessionTimeout,
            Duration commitInterval) {

        public StreamsOptions {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(applicationId, "applicationId");
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(sessionTimeout, "sessionTimeout");
            Objects.requireNonNull(commitInterval, "commitInterval");
        }
    }

    private final KafkaStreams streams;
    private final Sender sender;

    public NotifyWorker(
            StreamsOptions options,
            NotifyTopology.Settings topology,
            SenderSettings senderSettings,
            ContactPoints contactPoints,
            DeliveryLog log,
            Attempt attempt,
            Clock clock,
            dev.plimsoll.notify.delivery.DeliveryMetrics metrics) {
        this.streams =
                new KafkaStreams(
                        NotifyTopology.build(topology, contactPoints), properties(options));
        streams.setUncaughtExceptionHandler(
                e -> {
                    LOG.error("Notification grouping failed; replacing the stream thread", e);
                    return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
                            .StreamThreadExceptionResponse.REPLACE_THREAD;
                });
        this.sender =
                new Sender(
                        senderSettings,
                        topology.outboxTopic(),
                        contactPoints,
                        log,
                        attempt,
                        clock,
                        metrics);
    }

    static Properties properties(StreamsOptions o) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, o.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, o.stateDir().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, o.commitInterval().toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, o.replicationFactor());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        p.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) o.sessionTimeout().toMillis());
        if (o.instanceId() != null) {
            p.put(
                    StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    o.instanceId() + "-grouping");
        }
        // An aborted transaction of a crashed instance blocks read_committed readers of the
        // outbox until it times out: keep that short.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 10_000);
        return p;
    }

    public void start() {
        streams.start();
        sender.start();
        LOG.info("Notification worker started: grouping alert events into the outbox, sending");
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    public boolean senderAlive() {
        return sender.isAlive();
    }

    /** Messages taken from the outbox and not yet delivered or dead. */
    public int inFlight() {
        return sender.inFlight();
    }

    @Override
    public void close() {
        try {
            streams.close(
                    CloseOptions.groupMembershipOperation(
                                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(Duration.ofSeconds(30)));
        } finally {
            sender.close();
        }
    }
}
