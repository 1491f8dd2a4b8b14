package dev.plimsoll.cost;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.testing.ChildJvm;
import dev.plimsoll.cost.testing.CostRowsTable;
import dev.plimsoll.cost.testing.CostServiceMain;
import dev.plimsoll.cost.testing.RealisticDay;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job SIGKILLed in its own JVM after it checkpointed the first import, then started again in
 * this JVM on the same checkpoints while the restatement arrives: it restores its state and Kafka
 * positions and ends with exactly the hand-computed rows — nothing allocated or counted twice.
 */
@ExtendWith(PlimsollServicesExtension.class)
class CostJobCrashTest {

    @Test
    void killedAndRestoredFromItsCheckpointGivesTheSameRows(
            KafkaService kafka, ClickHouseService clickhouse, @TempDir Path checkpoints)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String url = clickhouse.createDatabase("costcrash");
        RealisticDay day = new RealisticDay();
        day.createTopics(bootstrap);
        Instant imported = Instant.now().minusSeconds(3600);
        day.sendRequests(bootstrap, day.requests());
        List<CostRecord> first = new ArrayList<>(day.firstImport(imported));
        first.addAll(day.firstImport(imported.plusSeconds(60)));
        first.add(day.euroRecord());
        day.sendCosts(bootstrap, first);

        try (ChildJvm child =
                ChildJvm.start(
                        "cost-job-crash",
                        CostServiceMain.class,
                        List.of(
                                bootstrap,
                                url,
                                checkpoints.toString(),
                                day.costsTopic,
                                day.requestsTopic,
                                day.groupId))) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(300))
                    .untilAsserted(
                            () ->
                                    assertThat(CostRowsTable.read(url, day.day))
                                            .anyMatch(
                                                    r ->
                                                            r.startsWith(
                                                                    "HOUR 12 search USD 0.3+0+0=0.3"
                                                                            + " users=0 req=0 cpu=-"
                                                                            + " cpk=-"))
                                            .anyMatch(
                                                    r ->
                                                            r.startsWith(
                                                                    "HOUR 10 orders USD"
                                                                        + " 1.15+0.075+0=1.225"
                                                                        + " users=3 req=6"
                                                                        + " cpu=0.408333333333333333"
                                                                        + " cpk=204.166666666666666667"
                                                                        + " requests")));
            long seen = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> checkpointAfter(checkpoints, seen).isPresent());
            assertThat(child.isAlive()).isTrue();
            child.kill();
        }

        day.sendCosts(bootstrap, day.restatement(imported.plusSeconds(600)));
        day.sendCosts(bootstrap, day.restatement(imported.plusSeconds(660)));
        day.sendRequests(bootstrap, List.of(day.tick()));
        try (CostService service =
                new CostService(
                        new CostService.Options(
                                bootstrap,
                                url,
                                checkpoints,
                                2,
                                Duration.ofSeconds(2),
                                false,
                                day.settings()))) {
            service.start();
            assertThat(service.restoredFrom()).isPresent();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(
                            () ->
                                    assertThat(CostRowsTable.read(url, day.day))
                                            .containsExactlyElementsOf(day.expected()));
        }
    }

    private static Optional<Path> checkpointAfter(Path dir, long millis) throws Exception {
        Optional<Path> latest = CostService.latestCheckpoint(dir);
        if (latest.isPresent()
                && Files.getLastModifiedTime(latest.get().resolve("_metadata")).toMillis()
                        > millis) {
            return latest;
        }
        return Optional.empty();
    }
}
