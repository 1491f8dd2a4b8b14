package dev.plimsoll.app;

import dev.plimsoll.streams.StreamsService;
import dev.plimsoll.streams.StreamsSettings;
import dev.plimsoll.streams.sink.ClickHouseSink;
import dev.plimsoll.streams.sink.ClickHouseSinkSettings;
import dev.plimsoll.streams.sink.TableTtl;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * The {@code streams} role: the ClickHouse sink and the Kafka Streams job, started with the context
 * and stopped in the order that loses nothing — the job first (its last transaction commits the
 * final rows), then the sink (it inserts what it holds and commits its offsets).
 */
@Context
@Requires(property = "plimsoll.streams.enabled", notEquals = "false")
public final class StreamsRole {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRole.class);

    private final StreamsRoleSettings settings;
    private final StreamsService streams;
    private final ClickHouseSink sink;

    StreamsRole(
            StreamsRoleSettings settings,
            @Property(name = "plimsoll.kafka.bootstrap-servers") String bootstrapServers,
            @Property(name = "plimsoll.clickhouse.url") String clickHouseUrl,
            @Property(name = "plimsoll.data-dir", defaultValue = "./data") String dataDir,
            @Property(name = TopicProvisioning.PARTITIONS, defaultValue = "3") int partitions,
            @Property(name = TopicProvisioning.REPLICATION, defaultValue = "1") short replication) {
        this.settings = settings;
        StreamsRoleSettings.Sink s = settings.sink();
        StreamsRoleSettings.Ttl ttl = s.ttl();
        this.sink =
                new ClickHouseSink(
                        ClickHouseSinkSettings.defaults(bootstrapServers, clickHouseUrl).toBuilder()
                                .groupId(s.groupId())
                                .batchRows(s.batchRows())
                                .batchInterval(s.batchInterval())
                                .maxRetryBackoff(s.maxRetryBackoff())
                                .ttl(new TableTtl(ttl.minute(), ttl.hour(), ttl.day()))
                                .applyTtl(s.applyTtl())
                                .build());
        this.streams =
                new StreamsService(
                        StreamsSettings.defaults(
                                        bootstrapServers, Path.of(dataDir).resolve("streams"))
                                .toBuilder()
                                .applicationId(settings.applicationId())
                                .grace(settings.grace())
                                .commitInterval(settings.commitInterval())
                                .concurrencyHorizon(settings.concurrencyHorizon())
                                .idleCloseAfter(settings.idleCloseAfter())
                                .maxClockSkew(settings.maxClockSkew())
                                .idempotencyWindow(settings.idempotencyWindow())
                                .threads(settings.threads())
                                .topicPartitions(partitions)
                                .replicationFactor(replication)
                                .build());
        sink.start();
        try {
            streams.start();
        } catch (RuntimeException e) {
            sink.close();
            throw e;
        }
        LOG.info(
                "streams role started: application {} (grace {}), sink group {}",
                settings.applicationId(),
                settings.grace(),
                s.groupId());
    }

    StreamsService streams() {
        return streams;
    }

    ClickHouseSink sink() {
        return sink;
    }

    @PreDestroy
    void stop() {
        try {
            streams.close(settings.closeTimeout());
        } finally {
            sink.close(settings.closeTimeout());
        }
    }
}
