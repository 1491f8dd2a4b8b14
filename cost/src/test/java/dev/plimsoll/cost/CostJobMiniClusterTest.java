package dev.plimsoll.cost;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.testing.CostRowsTable;
import dev.plimsoll.cost.testing.RealisticDay;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job on an embedded MiniCluster (parallelism 2) between the real Kafka broker and the real
 * ClickHouse engine: a realistic day, its costs imported twice, then restated (twice), gives the
 * hand-computed rows of {@link RealisticDay#expected()} to the last decimal.
 */
@ExtendWith(PlimsollServicesExtension.class)
class CostJobMiniClusterTest {

    @Test
    void aRealisticDayRestatedAndImportedTwiceGivesTheHandComputedRows(
            KafkaService kafka, ClickHouseService clickhouse, @TempDir Path checkpoints)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String url = clickhouse.createDatabase("cost");
        RealisticDay day = new RealisticDay();
        day.createTopics(bootstrap);
        Instant imported = Instant.now().minusSeconds(3600);

        day.sendRequests(bootstrap, day.requests());
        List<CostRecord> first = new ArrayList<>(day.firstImport(imported));
        first.addAll(day.firstImport(imported.plusSeconds(60))); // the same file twice
        first.add(day.euroRecord());
        first.add(day.euroRecord()); // and a JSON record twice
        day.sendCosts(bootstrap, first);

        try (CostService service =
                new CostService(
                        new CostService.Options(
                                bootstrap,
                                url,
                                checkpoints,
                                2,
                                Duration.ofSeconds(2),
                                true,
                                day.settings()))) {
            service.start();
            // the rows of the first import: search's 12:00 cost (0.30, no traffic) is there,
            // provisional or already final (the request source is idle after a second)
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(
                            () ->
                                    assertThat(CostRowsTable.read(url, day.day))
                                            .anyMatch(
                                                    r ->
                                                            r.startsWith(
                                                                    "HOUR 12 search USD 0.3+0+0=0.3"
                                                                            + " users=0 req=0 cpu=-"
                                                                            + " cpk=-")));

            day.sendCosts(bootstrap, day.restatement(imported.plusSeconds(600)));
            day.sendCosts(bootstrap, day.restatement(imported.plusSeconds(660))); // twice
            day.sendRequests(bootstrap, List.of(day.tick()));

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(
                            () ->
                                    assertThat(CostRowsTable.read(url, day.day))
                                            .containsExactlyElementsOf(day.expected()));
        }
    }
}
