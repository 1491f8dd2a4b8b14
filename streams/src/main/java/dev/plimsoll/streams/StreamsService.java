package dev.plimsoll.streams;

import dev.plimsoll.streams.minute.ServiceMinuteTopology;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Runs the service-minute topology ({@link ServiceMinuteTopology#buildTopology}) with Kafka
 * Streams, exactly once. Lifecycle: {@link #start()} once, then {@link #close()}.
 */
public final class StreamsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    /**
     * Topic configuration the output topic needs: records up to 16 MiB, timestamps set by the
     * broker (a row of a minute more than an hour ahead would otherwise be refused, see {@link
     * ServiceMinuteTopology#LOG_APPEND_TIME}).
     */
    public static final Map<String, String> OUTPUT_TOPIC_CONFIG =
            Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                    Integer.toString(StreamsSettings.MAX_MESSAGE_BYTES),
                    TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                    ServiceMinuteTopology.LOG_APPEND_TIME);

    private final StreamsSettings settings;
    private KafkaStreams streams;

    public StreamsService(StreamsSettings settings) {
        this.settings = settings;
    }

    /**
     * Creates the input and output topics when missing, then starts processing.
     *
     * @throws IllegalStateException when started twice
     */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("the streams service was already started");
        }
        ensureTopics();
        streams =
                new KafkaStreams(
                        ServiceMinuteTopology.buildTopology(settings), settings.toProperties());
        streams.setUncaughtExceptionHandler(
                e -> {
                    LOG.error("Stream thread failed; replacing it", e);
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                            .REPLACE_THREAD;
                });
        streams.setStateListener(
                (now, before) -> LOG.info("Service-minute streams: {} -> {}", before, now));
        streams.start();
        LOG.info(
                "Service-minute streams started: {} -> {}, grace {}, max clock skew {},"
                        + " application id {}",
                settings.inputTopic(),
                settings.outputTopic(),
                settings.grace(),
                settings.maxClockSkew(),
                settings.applicationId());
    }

    /** The Kafka Streams state, or {@code null} before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? null : streams.state();
    }

    /**
     * Kafka Streams' metrics, including the aggregator's ({@link
     * ServiceMinuteTopology#METRICS_GROUP}).
     */
    public synchronized Map<MetricName, ? extends Metric> metrics() {
        return streams == null ? Map.of() : streams.metrics();
    }

    /**
     * The total of one of the aggregator's counters over this instance's tasks, e.g. {@code
     * late-corrected-records} or {@code duplicate-records} (see the module README); 0 before {@link
     * #start()}. A task that moves to another instance takes its count with it.
     */
    public double aggregatorTotal(String counter) {
        String name = counter + "-total";
        return metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(ServiceMinuteTopology.METRICS_GROUP))
                .filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
    }

    /**
     * The running Kafka Streams instance, for binding its metrics to a registry (Micrometer's
     * {@code KafkaStreamsMetrics}); lifecycle calls go through this service.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized KafkaStreams kafkaStreams() {
        if (streams == null) {
            throw new IllegalStateException("the streams service is not started");
        }
        return streams;
    }

    /** Commits, leaves the consumer group and stops (waits up to 60 s). */
    @Override
    public void close() {
        close(Duration.ofSeconds(60));
    }

    /**
     * Commits, leaves the consumer group and stops, waiting up to {@code timeout}.
     *
     * <p>Kafka Streams stays in its group on close by default (classic protocol), so that a member
     * coming back soon keeps its tasks; a restarted Plimsoll then waits out the whole {@code
     * session.timeout.ms} (45 s) in {@code REBALANCING} before it processes anything. Leaving hands
     * the tasks over at once; a crashed member still holds them until its session expires.
     */
    public synchronized void close(Duration timeout) {
        if (streams != null) {
            CloseOptions options =
                    CloseOptions.groupMembershipOperation(
                                    CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(timeout);
            if (!streams.close(options)) {
                LOG.warn("Service-minute streams did not stop within {}", timeout);
            }
        }
    }

    private void ensureTopics() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Set<String> existing =
                    admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS);
            List<NewTopic> missing =
                    List.of(settings.inputTopic(), settings.outputTopic()).stream()
                            .filter(t -> !existing.contains(t))
                            .map(
                                    t ->
                                            new NewTopic(
                                                            t,
                                                            settings.topicPartitions(),
                                                            settings.replicationFactor())
                                                    .configs(
                                                            t.equals(settings.outputTopic())
                                                                    ? OUTPUT_TOPIC_CONFIG
                                                                    : Map.of()))
                            .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + settings.bootstrapServers() + " is not usable: " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        }
    }
}
