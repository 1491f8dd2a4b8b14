package dev.plimsoll.infra.testing;

import dev.plimsoll.infra.clickhouse.ClickHouseMigrations;
import dev.plimsoll.infra.clickhouse.JdbcUrls;
import dev.plimsoll.infra.clickhouse.LocalClickHouse;
import dev.plimsoll.infra.kafka.LocalKafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The services of one test JVM: each chosen by {@link BackendSelection}, started on first use,
 * stopped (and the local engines' data deleted) by {@link #close}, which a shutdown hook calls when
 * the JVM exits.
 */
final class SharedServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlimsollServices.class);
    private static final String DOCKER_PROBE_CLASS = "org.testcontainers.DockerClientFactory";

    private final Map<String, String> env;
    private final BooleanSupplier dockerAvailable;
    private final Duration reachTimeout;
    private final Memo<KafkaService> kafka;
    private final Memo<ClickHouseService> clickhouse;

    /** Things to stop, most recent first. Guarded by {@code this}. */
    private final Deque<AutoCloseable> toStop = new ArrayDeque<>();

    private Path workDir;
    private boolean hookInstalled;
    private boolean closed;

    SharedServices(
            Map<String, String> env, BooleanSupplier dockerAvailable, Duration reachTimeout) {
        this.env = Map.copyOf(env);
        this.dockerAvailable = memoize(dockerAvailable);
        this.reachTimeout = reachTimeout;
        this.kafka = new Memo<>("Test Kafka", this::startKafka);
        this.clickhouse = new Memo<>("Test ClickHouse", this::startClickHouse);
    }

    /** The services of this JVM, configured from the process environment. */
    static SharedServices instance() {
        return Global.INSTANCE;
    }

    KafkaService kafka() {
        return kafka.get();
    }

    ClickHouseService clickhouse() {
        return clickhouse.get();
    }

    /** The directory holding the local engines' data, or {@code null} before one starts. */
    synchronized Path dataRoot() {
        return workDir;
    }

    /** Stops every started service, most recently started first, and deletes the data. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!toStop.isEmpty()) {
            AutoCloseable resource = toStop.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Failed to stop test service {}", resource, e);
            }
        }
        if (workDir != null) {
            deleteRecursively(workDir);
        }
    }

    private KafkaService startKafka() {
        BackendChoice choice = BackendSelection.kafka(env, dockerAvailable);
        long started = System.nanoTime();
        KafkaService service =
                switch (choice.backend()) {
                    case EXTERNAL -> {
                        String bootstrap = choice.externalAddress();
                        checkKafkaAnswers(bootstrap);
                        yield new KafkaEndpoint(bootstrap, Backend.EXTERNAL);
                    }
                    case TESTCONTAINERS -> own(Containers.kafka());
                    case LOCAL -> {
                        LocalKafka local = LocalKafka.start(workDir().resolve("kafka"));
                        yield own(
                                new Started<>(
                                        new KafkaEndpoint(local.bootstrapServers(), Backend.LOCAL),
                                        local));
                    }
                };
        LOG.info(
                "Test Kafka: {} at {} ({}; ready in {} ms)",
                choice.backend().label(),
                service.bootstrapServers(),
                choice.reason(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return service;
    }

    private ClickHouseService startClickHouse() {
        BackendChoice choice = BackendSelection.clickhouse(env, dockerAvailable);
        long started = System.nanoTime();
        ClickHouseServer.Migrator migrator = ClickHouseMigrations::apply;
        ClickHouseServer server =
                switch (choice.backend()) {
                    case EXTERNAL -> {
                        String url = choice.externalAddress();
                        checkClickHouseAnswers(url);
                        ClickHouseServer external =
                                new ClickHouseServer(
                                        url,
                                        Backend.EXTERNAL,
                                        db -> JdbcUrls.withDatabase(url, db),
                                        migrator);
                        // Drops the test databases it created when the JVM exits.
                        yield own(new Started<>(external, external));
                    }
                    case TESTCONTAINERS -> {
                        String url = own(Containers.clickhouse());
                        yield new ClickHouseServer(
                                url,
                                Backend.TESTCONTAINERS,
                                db -> JdbcUrls.withDatabase(url, db),
                                migrator);
                    }
                    case LOCAL -> {
                        LocalClickHouse local =
                                LocalClickHouse.start(workDir().resolve("clickhouse"));
                        own(new Started<>(local, () -> stop(local)));
                        yield new ClickHouseServer(
                                local.jdbcUrl(), Backend.LOCAL, local::jdbcUrl, migrator);
                    }
                };
        LOG.info(
                "Test ClickHouse: {} at {} ({}; ready in {} ms)",
                choice.backend().label(),
                JdbcUrls.redacted(server.jdbcUrl()),
                choice.reason(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return server;
    }

    /** Graceful stop; the engine process is killed if it is still there afterwards. */
    private static void stop(LocalClickHouse local) {
        try {
            local.close();
        } finally {
            if (local.isAlive()) {
                local.kill();
            }
        }
    }

    private static void checkClickHouseAnswers(String url) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "No ClickHouse server answered at "
                            + JdbcUrls.redacted(url)
                            + " (from "
                            + BackendSelection.CLICKHOUSE_ENV
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private void checkKafkaAnswers(String bootstrap) {
        int timeoutMs = Math.toIntExact(reachTimeout.toMillis());
        Map<String, Object> config =
                Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.CLIENT_ID_CONFIG, "plimsoll-test-services",
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                    .nodes()
                    .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "No Kafka broker answered at "
                            + bootstrap
                            + " (from "
                            + BackendSelection.KAFKA_ENV
                            + ") within "
                            + reachTimeout.toMillis()
                            + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reaching Kafka at " + bootstrap, e);
        }
    }

    /** Takes ownership of a started service: it is stopped by {@link #close}. */
    private synchronized <T> T own(Started<T> started) {
        if (closed) {
            closeQuietly(started.stop());
            throw new IllegalStateException("Test services are shut down (the JVM is exiting)");
        }
        installShutdownHook();
        toStop.push(started.stop());
        return started.service();
    }

    private synchronized Path workDir() {
        if (workDir == null) {
            try {
                workDir = Files.createTempDirectory("plimsoll-test-services-");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a directory for test services", e);
            }
            installShutdownHook();
        }
        return workDir;
    }

    private void installShutdownHook() {
        if (!hookInstalled) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(this::close, "plimsoll-test-services-shutdown"));
            hookInstalled = true;
        }
    }

    static boolean probeDocker() {
        try {
            Class.forName(DOCKER_PROBE_CLASS, false, SharedServices.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        return Containers.dockerAvailable();
    }

    private static BooleanSupplier memoize(BooleanSupplier supplier) {
        Memo<Boolean> memo = new Memo<>("Docker probe", supplier::getAsBoolean);
        return memo::get;
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Failed to stop {}", resource, e);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(
                    root,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            Files.deleteIfExists(file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path dir, IOException e)
                                throws IOException {
                            Files.deleteIfExists(dir);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            LOG.warn("Could not delete test service data in {}", root, e);
        }
    }

    /** Lazy holder: the process-wide instance is created on first use. */
    private static final class Global {
        static final SharedServices INSTANCE =
                new SharedServices(
                        System.getenv(), SharedServices::probeDocker, Duration.ofSeconds(30));
    }
}
