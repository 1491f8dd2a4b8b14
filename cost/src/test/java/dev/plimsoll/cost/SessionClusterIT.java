package dev.plimsoll.cost;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.testing.CostRowsTable;
import dev.plimsoll.cost.testing.FlinkSessionCluster;
import dev.plimsoll.cost.testing.RealisticDay;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job jar ({@code cost/target/plimsoll-cost-job.jar}, built by {@code package}) on a real Flink
 * session cluster — a JobManager and a TaskManager in their own JVMs, Flink's Maven artifacts only
 * on their class path — gives the same rows as the embedded job: the hand-computed realistic day.
 */
@ExtendWith(PlimsollServicesExtension.class)
class SessionClusterIT {

    @Test
    void theJobJarOnASessionClusterGivesTheHandComputedRows(
            KafkaService kafka, ClickHouseService clickhouse, @TempDir Path checkpoints)
            throws Exception {
        Path jar = Path.of("target", "plimsoll-cost-job.jar");
        assertThat(jar).as("run after package").exists();
        String bootstrap = kafka.bootstrapServers();
        String url = clickhouse.createDatabase("costcluster");
        RealisticDay day = new RealisticDay();
        day.createTopics(bootstrap);
        Instant imported = Instant.now().minusSeconds(3600);
        day.sendRequests(bootstrap, day.requests());
        List<CostRecord> costs = new ArrayList<>(day.firstImport(imported));
        costs.addAll(day.firstImport(imported.plusSeconds(60)));
        costs.add(day.euroRecord());
        costs.addAll(day.restatement(imported.plusSeconds(600)));
        costs.addAll(day.restatement(imported.plusSeconds(660)));
        day.sendCosts(bootstrap, costs);
        day.sendRequests(bootstrap, List.of(day.tick()));

        try (FlinkSessionCluster cluster =
                FlinkSessionCluster.start(Path.of("target", "flink-cluster.classpath"), 2)) {
            JsonNode overview = cluster.get("/overview");
            assertThat(overview.path("flink-version").asText()).isEqualTo("2.2.1");
            assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
            assertThat(overview.path("slots-total").asInt()).isEqualTo(2);

            String job =
                    cluster.run(
                            jar,
                            List.of(
                                    "--bootstrap-servers",
                                    bootstrap,
                                    "--clickhouse-url",
                                    url,
                                    "--checkpoint-dir",
                                    checkpoints.toUri().toString(),
                                    "--checkpoint-interval",
                                    "2s",
                                    "--costs-topic",
                                    day.costsTopic,
                                    "--requests-topic",
                                    day.requestsTopic,
                                    "--group-id",
                                    day.groupId,
                                    "--shared-rule",
                                    "name=platform; tag=team:platform; policy=even",
                                    "--settle",
                                    "1h",
                                    "--emit-delay",
                                    "200ms",
                                    "--traffic-flush-interval",
                                    "200ms",
                                    "--source-idleness",
                                    "1s"),
                            2);
            try {
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .untilAsserted(
                                () -> {
                                    assertThat(cluster.jobState(job))
                                            .as("job state (logs in %s)", cluster.dir())
                                            .isEqualTo("RUNNING");
                                    assertThat(CostRowsTable.read(url, day.day))
                                            .containsExactlyElementsOf(day.expected());
                                });
                assertThat(Files.list(checkpoints).toList()).as("checkpoints written").isNotEmpty();
            } finally {
                cluster.cancel(job);
            }
        }
    }
}
