package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.alerts.AlertsSettings;
import dev.plimsoll.alerts.rules.RuleStore;
import dev.plimsoll.alerts.rules.StoredRule;
import dev.plimsoll.alerts.silences.SilenceStore;
import dev.plimsoll.core.alert.eval.RuleEngine;
import dev.plimsoll.core.alert.event.AlertTopics;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.read.clickhouse.CostReader;
import dev.plimsoll.read.clickhouse.DeploysReader;
import dev.plimsoll.read.clickhouse.FreshnessReader;
import dev.plimsoll.read.clickhouse.SliceReader;
import dev.plimsoll.read.clickhouse.UsersReader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Builds an {@link Evaluator} from the module's beans, and creates its topics. */
public final class EvaluatorFactory {

    private EvaluatorFactory() {}

    public static Evaluator create(
            AlertsSettings s,
            String bootstrap,
            Clock clock,
            RuleStore rules,
            SilenceStore silences,
            SliceReader slices,
            UsersReader users,
            CostReader costs,
            DeploysReader deploys,
            FreshnessReader freshness,
            Map<String, Object> kafka) {
        RuleEngine.Deploys suspects = Sources.suspects(deploys, RuleEngine.MAX_SUSPECTS * 4);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        DataHorizon horizon =
                new DataHorizon(
                        freshness,
                        admin,
                        bootstrap,
                        s.lagStages().stream().map(EvaluatorFactory::stage).toList(),
                        s.finalizationDelay());
        return new Evaluator(
                new Evaluator.Config(
                        bootstrap,
                        s.groupId(),
                        s.stateTopic(),
                        AlertTopics.EVENTS,
                        s.pollInterval(),
                        s.rulesRefresh(),
                        s.maxCatchUp(),
                        s.lagTolerance(),
                        s.lagFor(),
                        s.lagNotify() == null ? List.of() : s.lagNotify(),
                        kafka,
                        Map.of()),
                clock,
                () -> rules.all().stream().map(StoredRule::rule).toList(),
                silences::all,
                new Sources(slices, users, costs),
                suspects,
                horizon);
    }

    /** A stage written {@code group:topic}. */
    static DataHorizon.Stage stage(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(
                    "plimsoll.alerts.lag-stages entries are group:topic, but one was '"
                            + text
                            + "'");
        }
        return new DataHorizon.Stage(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * Creates the evaluator's topics when missing: the compacted state topic ({@code partitions}
     * partitions: at most that many evaluators share the rules), the events topic, and the deploy
     * topic the sink reads.
     */
    public static void createTopics(String bootstrap, AlertsSettings s) {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(
                    new NewTopic(s.stateTopic(), s.partitions(), (short) -1)
                            .configs(
                                    Map.of(
                                            "cleanup.policy",
                                            "compact",
                                            "min.compaction.lag.ms",
                                            "0")));
            topics.add(
                    new NewTopic(
                            AlertTopics.EVENTS,
                            java.util.Optional.empty(),
                            java.util.Optional.empty()));
            topics.add(
                    new NewTopic(
                            TelemetryTopics.DEPLOYS,
                            java.util.Optional.empty(),
                            java.util.Optional.empty()));
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic "
                                        + t.name()
                                        + ": "
                                        + e.getCause().getMessage(),
                                e);
                    }
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    admin.describeTopics(topics.stream().map(NewTopic::name).toList())
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "topics not ready: " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the alert topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not answer while creating the alert topics", e);
        }
    }
}
