package dev.plimsoll.infra.clickhouse;

import java.nio.file.Path;

/**
 * A parent JVM for {@link LocalClickHouseLifecycleTest#engineExitsWhenItsParentDies}: starts an
 * engine, prints its pid and waits to be killed.
 */
public final class LocalClickHouseParentMain {

    private LocalClickHouseParentMain() {}

    public static void main(String[] args) throws Exception {
        LocalClickHouse.start(Path.of(args[0]));
        long pid = ProcessHandle.current().children().findFirst().orElseThrow().pid();
        System.out.println("ENGINE-PID " + pid);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
