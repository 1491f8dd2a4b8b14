package dev.plimsoll.app;

import dev.plimsoll.infra.clickhouse.ClickHouseMigrations;
import dev.plimsoll.infra.clickhouse.JdbcUrls;
import dev.plimsoll.infra.clickhouse.LocalClickHouse;
import dev.plimsoll.infra.kafka.LocalKafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engines one process talks to: external ones when configured, otherwise a local Kafka broker
 * and the local ClickHouse engine under the data directory. Applies the ClickHouse migrations in
 * both cases, so a failing migration stops startup.
 */
final class EmbeddedEngines implements AutoCloseable {

    /** The database the embedded default uses on the local engine. */
    static final String DATABASE = "plimsoll";

    private final LocalKafka localKafka;
    private final LocalClickHouse localClickHouse;
    private final String kafkaBootstrap;
    private final String clickHouseUrl;
    private final String clickHouseDatabase;

    private EmbeddedEngines(
            LocalKafka localKafka,
            LocalClickHouse localClickHouse,
            String kafkaBootstrap,
            String clickHouseUrl,
            String clickHouseDatabase) {
        this.localKafka = localKafka;
        this.localClickHouse = localClickHouse;
        this.kafkaBootstrap = kafkaBootstrap;
        this.clickHouseUrl = clickHouseUrl;
        this.clickHouseDatabase = clickHouseDatabase;
    }

    static EmbeddedEngines start(AppSettings settings, Consumer<String> progress) {
        LocalKafka kafka = null;
        LocalClickHouse clickHouse = null;
        try {
            String bootstrap;
            if (settings.externalKafka().isPresent()) {
                bootstrap = settings.externalKafka().get();
                progress.accept("Kafka: external, " + bootstrap);
            } else {
                Path dir = dataDir(settings, "kafka");
                int port = portOrFree(settings.kafkaPort(), "Kafka", progress);
                long t0 = System.nanoTime();
                progress.accept("Kafka: starting the local broker (data " + dir + ")...");
                kafka = LocalKafka.start(dir, port);
                bootstrap = kafka.bootstrapServers();
                progress.accept("Kafka: ready at " + bootstrap + " in " + seconds(t0));
            }

            provisionTopics(settings, bootstrap, kafka != null, progress);

            String url;
            String database;
            if (settings.externalClickHouse().isPresent()) {
                url = settings.externalClickHouse().get();
                try {
                    database = JdbcUrls.database(url);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "PLIMSOLL_CLICKHOUSE_URL: " + e.getMessage(), e);
                }
                progress.accept("ClickHouse: external, " + url);
            } else {
                Path dir = dataDir(settings, "clickhouse");
                int port = portOrFree(settings.clickHousePort(), "ClickHouse", progress);
                long t0 = System.nanoTime();
                progress.accept("ClickHouse: starting the local engine (data " + dir + ")...");
                clickHouse = LocalClickHouse.start(dir, port);
                database = DATABASE;
                url = clickHouse.jdbcUrl(DATABASE);
                progress.accept(
                        "ClickHouse: ready on port "
                                + clickHouse.httpPort()
                                + " in "
                                + seconds(t0));
            }
            var report =
                    ClickHouseMigrations.apply(
                            clickHouse != null ? clickHouse.jdbcUrl() : url, database);
            progress.accept(report.toString());
            return new EmbeddedEngines(kafka, clickHouse, bootstrap, url, database);
        } catch (RuntimeException e) {
            closeQuietly(clickHouse);
            closeQuietly(kafka);
            throw e;
        }
    }

    private static void provisionTopics(
            AppSettings settings, String bootstrap, boolean local, Consumer<String> progress) {
        int partitions = intProperty(settings, TopicProvisioning.PARTITIONS, 3);
        Optional<Short> replication =
                local
                        ? Optional.of((short) 1)
                        : Optional.ofNullable(
                                        settings.properties().get(TopicProvisioning.REPLICATION))
                                .map(v -> Short.valueOf(v.toString()));
        long t0 = System.nanoTime();
        TopicProvisioning.provision(bootstrap, partitions, replication, Duration.ofSeconds(60));
        progress.accept(
                "Kafka: topics ready ("
                        + String.join(", ", TopicProvisioning.topics())
                        + ") in "
                        + seconds(t0));
    }

    private static int intProperty(AppSettings settings, String name, int fallback) {
        Object value = settings.properties().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, but was: " + value);
        }
    }

    String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    String clickHouseUrl() {
        return clickHouseUrl;
    }

    String clickHouseDatabase() {
        return clickHouseDatabase;
    }

    boolean localKafka() {
        return localKafka != null;
    }

    boolean localClickHouse() {
        return localClickHouse != null;
    }

    @Override
    public void close() {
        // ClickHouse first: it is a child process and must not outlive us; then the broker.
        closeQuietly(localClickHouse);
        closeQuietly(localKafka);
    }

    private static Path dataDir(AppSettings settings, String engine) {
        Path dir = settings.dataDir().resolve(engine);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
        return dir;
    }

    /** The preferred port when it is free, else 0 (the engine picks a free one). */
    private static int portOrFree(int preferred, String engine, Consumer<String> progress) {
        if (preferred == 0) {
            return 0;
        }
        try (ServerSocket probe =
                new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException taken) {
            progress.accept(
                    engine + ": port " + preferred + " is in use, using a free port instead");
            return 0;
        }
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("warning: failed to stop " + closeable + ": " + e);
        }
    }
}
