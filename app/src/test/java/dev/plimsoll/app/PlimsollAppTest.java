package dev.plimsoll.app;

import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(PlimsollServicesExtension.class)
class PlimsollAppTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesHealthOnTheConfiguredPortWithExternalEngines(
            KafkaService kafka, ClickHouseService clickHouse, @TempDir Path dataDir)
            throws Exception {
        String url = clickHouse.createEmptyDatabase("app_health");
        AppSettings settings =
                external(dataDir, kafka.bootstrapServers(), url, Set.of(Role.values()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        try (PlimsollApp app = PlimsollApp.start(settings, new PrintStream(console, true))) {
            HttpResponse<String> health = get(app.baseUri().resolve("/health"));

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"kafka\":", "\"clickhouse\":", "\"streams\":", "\"cost\":")
                    .contains("\"notify\":")
                    .doesNotContain("DiscoveryClient");
            assertThat(app.port()).isPositive();
            String summary = console.toString(StandardCharsets.UTF_8);
            assertThat(summary)
                    .contains("Plimsoll")
                    .contains("roles       ingest, streams, cost, api, alerts, notify")
                    .contains(
                            "cost        Flink job on an embedded cluster, checkpoints "
                                    + dataDir.resolve("cost").resolve("checkpoints"))
                    .contains("alerts      http://127.0.0.1:" + app.port() + "/api/v1/alerts")
                    .contains(kafka.bootstrapServers() + "   external")
                    .contains("API keys    required")
                    .contains("Press Ctrl-C to stop.");
        }
    }

    @Test
    void saysLoudlyWhenItRunsWithoutApiKeys(
            KafkaService kafka, ClickHouseService clickHouse, @TempDir Path dataDir) {
        String url = clickHouse.createEmptyDatabase("app_open");
        AppSettings settings =
                external(dataDir, kafka.bootstrapServers(), url, Set.of(Role.API))
                        .withProperties(PlimsollMain.embeddedSecurity(Map.of()));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        try (PlimsollApp app = PlimsollApp.start(settings, new PrintStream(console, true))) {
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains(
                            "API keys    NONE: open development mode, anyone who can reach "
                                    + app.baseUri());
        }
    }

    @Test
    void appliesTheMigrationsToTheConfiguredDatabase(
            KafkaService kafka, ClickHouseService clickHouse, @TempDir Path dataDir)
            throws Exception {
        String url = clickHouse.createEmptyDatabase("app_migrations");
        AppSettings settings = external(dataDir, kafka.bootstrapServers(), url, Set.of(Role.API));

        try (PlimsollApp app =
                PlimsollApp.start(settings, new PrintStream(PrintStream.nullOutputStream()))) {
            try (Connection c = DriverManager.getConnection(url);
                    ResultSet rs =
                            c.createStatement()
                                    .executeQuery(
                                            "SELECT count() FROM system.tables WHERE database ="
                                                    + " currentDatabase() AND name IN"
                                                    + " ('service_minute', 'service_hour',"
                                                    + " 'service_day')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void provisionsEveryTopicWithTheConfiguredPartitionsBeforeTheRolesStart(
            KafkaService kafka, ClickHouseService clickHouse, @TempDir Path dataDir)
            throws Exception {
        String url = clickHouse.createEmptyDatabase("app_topics");
        // A fresh cluster would be ideal; on the shared one, the topics may already exist with 3
        // partitions, so ask for 3 and check every topic has exactly that many.
        AppSettings settings =
                external(dataDir, kafka.bootstrapServers(), url, Set.of(Role.INGEST))
                        .withProperties(Map.of(TopicProvisioning.PARTITIONS, "3"));

        try (PlimsollApp app =
                        PlimsollApp.start(
                                settings, new PrintStream(PrintStream.nullOutputStream()));
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        kafka.bootstrapServers()))) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(TopicProvisioning.topics()).allTopicNames().get();

            assertThat(topics.keySet())
                    .containsExactlyInAnyOrder(
                            "telemetry.requests.v1",
                            "telemetry.costs.v1",
                            "telemetry.deploys.v1",
                            "telemetry.deadletter.v1",
                            "metrics.service-minute.v1",
                            "alerts.events.v1",
                            "notify.outbox.v1",
                            "notify.deliveries.v1",
                            "notify.contact-points.v1");
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
            Map<
                            org.apache.kafka.common.config.ConfigResource,
                            org.apache.kafka.clients.admin.Config>
                    configs =
                            admin.describeConfigs(
                                            java.util.List.of(
                                                    topic("notify.deliveries.v1"),
                                                    topic("notify.contact-points.v1")))
                                    .all()
                                    .get();
            assertThat(configs.get(topic("notify.deliveries.v1")).get("cleanup.policy").value())
                    .isEqualTo("compact,delete");
            assertThat(configs.get(topic("notify.contact-points.v1")).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }

    @Test
    void rejectsANonNumericPartitionCountNamingTheProperty(
            KafkaService kafka, ClickHouseService clickHouse, @TempDir Path dataDir) {
        String url = clickHouse.createEmptyDatabase("app_badpartitions");
        AppSettings settings =
                external(dataDir, kafka.bootstrapServers(), url, Set.of(Role.INGEST))
                        .withProperties(Map.of(TopicProvisioning.PARTITIONS, "many"));

        assertThatThrownBy(
                        () ->
                                PlimsollApp.start(
                                        settings, new PrintStream(PrintStream.nullOutputStream())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plimsoll.kafka.topic-partitions must be an integer, but was: many");
    }

    @Test
    void refusesToRunWithoutEnginesOutsideEmbeddedMode(@TempDir Path dataDir) {
        assertThatThrownBy(
                        () ->
                                new AppSettings(
                                        "127.0.0.1",
                                        0,
                                        dataDir,
                                        Set.of(Role.API),
                                        Optional.empty(),
                                        Optional.of("jdbc:clickhouse://127.0.0.1:1/x"),
                                        0,
                                        0,
                                        false,
                                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLIMSOLL_KAFKA_BOOTSTRAP");
    }

    @Test
    void roleFlagsReachTheModulesAsProperties(
            KafkaService kafka, ClickHouseService clickHouse, @TempDir Path dataDir) {
        String url = clickHouse.createEmptyDatabase("app_roles");
        AppSettings settings =
                external(dataDir, kafka.bootstrapServers(), url, Set.of(Role.INGEST));

        try (PlimsollApp app =
                PlimsollApp.start(settings, new PrintStream(PrintStream.nullOutputStream()))) {
            var env = app.context().getEnvironment();
            assertThat(env.getProperty("plimsoll.ingest.enabled", Boolean.class)).contains(true);
            assertThat(env.getProperty("plimsoll.streams.enabled", Boolean.class)).contains(false);
            assertThat(env.getProperty("plimsoll.cost.enabled", Boolean.class)).contains(false);
            assertThat(env.getProperty("plimsoll.api.enabled", Boolean.class)).contains(false);
            assertThat(env.getProperty("plimsoll.read.enabled", Boolean.class)).contains(false);
            assertThat(env.getProperty("plimsoll.alerts.enabled", Boolean.class)).contains(false);
            assertThat(env.getProperty("plimsoll.kafka.bootstrap-servers", String.class))
                    .contains(kafka.bootstrapServers());
        }
    }

    private static org.apache.kafka.common.config.ConfigResource topic(String name) {
        return new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, name);
    }

    static AppSettings external(Path dataDir, String kafka, String clickHouseUrl, Set<Role> roles) {
        return new AppSettings(
                "127.0.0.1",
                0,
                dataDir,
                roles,
                Optional.of(kafka),
                Optional.of(clickHouseUrl),
                0,
                0,
                false,
                Map.of());
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
