package dev.plimsoll.app;

import dev.plimsoll.core.cost.SharedCostPolicy;
import dev.plimsoll.cost.CostJobSettings;
import dev.plimsoll.cost.CostService;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code cost} role: the Flink cost-per-user job on an embedded MiniCluster, started with the
 * context, restored from its last checkpoint under {@code <data-dir>/cost/checkpoints}, and
 * cancelled (keeping its checkpoints) when the context stops.
 */
@Context
@Requires(property = "plimsoll.cost.enabled", notEquals = "false")
public final class CostRole {

    private final CostRoleSettings settings;
    private final CostService service;

    CostRole(
            CostRoleSettings settings,
            @Property(name = "plimsoll.kafka.bootstrap-servers") String bootstrapServers,
            @Property(name = "plimsoll.clickhouse.url") String clickHouseUrl,
            @Property(name = "plimsoll.data-dir", defaultValue = "./data") String dataDir) {
        this.settings = settings;
        CostJobSettings job =
                CostJobSettings.defaults().toBuilder()
                        .groupId(settings.groupId())
                        .serviceTags(settings.serviceTags())
                        .sharedRules(
                                settings.sharedRules() == null ? List.of() : settings.sharedRules())
                        .defaultPolicy(SharedCostPolicy.of(settings.defaultPolicy()))
                        .settle(settings.settle())
                        .hourRetention(settings.retention().hour())
                        .dayRetention(settings.retention().day())
                        .emitDelay(settings.emitDelay())
                        .trafficFlushInterval(settings.trafficFlushInterval())
                        .requestOutOfOrderness(settings.requestOutOfOrderness())
                        .sourceIdleness(settings.sourceIdleness())
                        .maxClockSkew(settings.maxClockSkew())
                        .pendingImportTimeout(settings.pendingImportTimeout())
                        .usersCap(settings.usersCap())
                        .build();
        this.service =
                new CostService(
                        new CostService.Options(
                                bootstrapServers,
                                clickHouseUrl,
                                Path.of(dataDir).resolve("cost").resolve("checkpoints"),
                                settings.parallelism(),
                                settings.checkpointInterval(),
                                settings.applyTtl(),
                                job));
        service.start();
    }

    CostService service() {
        return service;
    }

    @PreDestroy
    void stop() {
        service.close(settings.closeTimeout());
    }
}
