package dev.plimsoll.streams.testing;

import dev.plimsoll.streams.sink.ClickHouseSink;
import dev.plimsoll.streams.sink.ClickHouseSinkSettings;

import java.time.Duration;

/**
 * Runs a {@link ClickHouseSink} until the JVM is stopped. Arguments: bootstrap servers, JDBC URL,
 * topic, group id, batch rows, batch interval in ms.
 */
public final class SinkMain {

    public static void main(String[] args) throws InterruptedException {
        ClickHouseSinkSettings settings =
                ClickHouseSinkSettings.defaults(args[0], args[1]).toBuilder()
                        .topic(args[2])
                        .groupId(args[3])
                        .batchRows(Integer.parseInt(args[4]))
                        .batchInterval(Duration.ofMillis(Long.parseLong(args[5])))
                        .consumerOverrides(TestClients.FAST_GROUP)
                        .build();
        ClickHouseSink sink = new ClickHouseSink(settings);
        sink.start();
        Runtime.getRuntime().addShutdownHook(new Thread(sink::close));
        System.out.println("SINK STARTED");
        Thread.currentThread().join();
    }

    private SinkMain() {}
}
