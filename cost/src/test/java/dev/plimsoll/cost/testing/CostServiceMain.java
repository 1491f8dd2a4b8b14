package dev.plimsoll.cost.testing;

import dev.plimsoll.cost.CostService;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The cost job of {@link RealisticDay} on an embedded MiniCluster, for a child JVM: args are the
 * Kafka bootstrap, the JDBC URL, the checkpoint directory, the two topics and the group. Runs until
 * killed.
 */
public final class CostServiceMain {

    private CostServiceMain() {}

    public static void main(String[] args) throws Exception {
        RealisticDay day = new RealisticDay(args[3], args[4], args[5]);
        CostService service =
                new CostService(
                        new CostService.Options(
                                args[0],
                                args[1],
                                Path.of(args[2]),
                                2,
                                Duration.ofMillis(500),
                                false,
                                day.settings()));
        service.start();
        System.out.println("COST JOB STARTED");
        Thread.currentThread().join();
    }
}
