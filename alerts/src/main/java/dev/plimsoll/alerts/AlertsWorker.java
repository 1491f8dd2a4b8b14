package dev.plimsoll.alerts;

import dev.plimsoll.alerts.evaluate.Evaluator;
import dev.plimsoll.alerts.evaluate.EvaluatorFactory;
import dev.plimsoll.alerts.history.Sinks;
import dev.plimsoll.alerts.history.TopicSink;
import dev.plimsoll.alerts.rules.RuleStore;
import dev.plimsoll.alerts.silences.SilenceStore;
import dev.plimsoll.read.clickhouse.ClickHouseGateway;
import dev.plimsoll.read.clickhouse.CostReader;
import dev.plimsoll.read.clickhouse.DeploysReader;
import dev.plimsoll.read.clickhouse.FreshnessReader;
import dev.plimsoll.read.clickhouse.SliceReader;
import dev.plimsoll.read.clickhouse.UsersReader;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * The {@code alerts} role: the evaluator, the alert-history sink and the deploy-marker sink,
 * started with the context and stopped with it (evaluator first: its last round commits).
 */
@Context
@Requires(property = "plimsoll.alerts.enabled", notEquals = "false")
public final class AlertsWorker {

    private static final Logger LOG = LoggerFactory.getLogger(AlertsWorker.class);

    private final TopicSink history;
    private final TopicSink deploys;
    private final Evaluator evaluator;

    AlertsWorker(
            AlertsSettings settings,
            @Property(name = "plimsoll.kafka.bootstrap-servers") String bootstrap,
            ClickHouseGateway gateway,
            RuleStore rules,
            SilenceStore silences,
            SliceReader slices,
            UsersReader users,
            CostReader costs,
            DeploysReader deployReader,
            FreshnessReader freshness) {
        EvaluatorFactory.createTopics(bootstrap, settings);
        this.history = Sinks.history(gateway, bootstrap, settings.groupId() + "-history").start();
        this.deploys = Sinks.deploys(gateway, bootstrap, settings.groupId() + "-deploys").start();
        this.evaluator =
                EvaluatorFactory.create(
                                settings,
                                bootstrap,
                                Clock.systemUTC(),
                                rules,
                                silences,
                                slices,
                                users,
                                costs,
                                deployReader,
                                freshness,
                                Map.of())
                        .start();
        LOG.info(
                "alerts role started: evaluator group {}, state topic {} ({} partitions), {} file"
                        + " rule(s)",
                settings.groupId(),
                settings.stateTopic(),
                settings.partitions(),
                rules.fileRules().size());
    }

    @PreDestroy
    void stop() {
        try {
            evaluator.close();
        } finally {
            history.close();
            deploys.close();
        }
    }
}
