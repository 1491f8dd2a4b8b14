package dev.plimsoll.notify.config;

import dev.plimsoll.notify.NotifyWorker;
import dev.plimsoll.notify.contact.Grouping;
import dev.plimsoll.notify.delivery.Attempt;
import dev.plimsoll.notify.delivery.Backoff;
import dev.plimsoll.notify.delivery.SenderSettings;
import dev.plimsoll.notify.kafka.ContactPointRegistry;
import dev.plimsoll.notify.kafka.DeliveryLog;
import dev.plimsoll.notify.pipeline.NotifyTopology;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The {@code notify} role: the delivery worker (grouping topology and sender), started with the
 * context and stopped before the shared beans it uses.
 */
@Context
@Requires(property = "plimsoll.notify.enabled", notEquals = "false")
public final class NotifyRole {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyRole.class);

    private final NotifyWorker worker;

    NotifyRole(
            NotifySettings settings,
            Grouping grouping,
            ContactPointRegistry contactPoints,
            DeliveryLog log,
            Attempt attempt,
            Clock clock,
            NotifyMetrics metrics,
            @Property(name = "plimsoll.kafka.bootstrap-servers") String bootstrap,
            @Property(name = "plimsoll.data-dir", defaultValue = "./data") String dataDir,
            @Property(name = "plimsoll.kafka.topic-replication-factor", defaultValue = "-1")
                    int replication) {
        NotifySettings.Delivery d = settings.delivery();
        this.worker =
                new NotifyWorker(
                        new NotifyWorker.StreamsOptions(
                                bootstrap,
                                settings.applicationId(),
                                Path.of(dataDir).resolve("notify"),
                                replication,
                                settings.instanceId(),
                                settings.sessionTimeout(),
                                settings.commitInterval()),
                        new NotifyTopology.Settings(
                                settings.topics().events(),
                                settings.topics().outbox(),
                                grouping,
                                settings.defaultContactPointsOrEmpty(),
                                settings.tick(),
                                settings.dedupHorizon(),
                                NotifyTopology.Settings.randomIds()),
                        new SenderSettings(
                                bootstrap,
                                settings.senderGroupId(),
                                settings.instanceId(),
                                settings.sessionTimeout(),
                                d.maxAttempts(),
                                new Backoff(
                                        d.initialBackoff(),
                                        d.maxBackoff(),
                                        d.jitter(),
                                        d.maxRetryAfter()),
                                d.maxConcurrencyPerTarget(),
                                d.threads(),
                                d.maxInFlight()),
                        contactPoints,
                        log,
                        attempt,
                        clock,
                        metrics);
        worker.start();
        metrics.watch(worker);
        LOG.info(
                "notify role started: {} contact points, allow-hosts {}",
                contactPoints.all().size(),
                settings.allowHostsOrEmpty().isEmpty() ? "(none)" : settings.allowHostsOrEmpty());
    }

    public NotifyWorker worker() {
        return worker;
    }

    @PreDestroy
    void stop() {
        worker.close();
    }
}
