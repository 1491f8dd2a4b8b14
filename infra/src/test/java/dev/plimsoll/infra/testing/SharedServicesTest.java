package dev.plimsoll.infra.testing;

import dev.plimsoll.infra.kafka.LocalKafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Separate {@link SharedServices} instances with their own environment, closed by each test. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SharedServicesTest {

    private static final Duration SHORT = Duration.ofSeconds(2);

    @Test
    void localKafkaIsStartedOnceAndStoppedWithItsDataOnClose() throws Exception {
        SharedServices local =
                new SharedServices(
                        Map.of("PLIMSOLL_TESTCONTAINERS", "false"),
                        () -> {
                            throw new AssertionError("Docker must not be probed");
                        },
                        SHORT);
        KafkaService kafka;
        Path data;
        try {
            kafka = local.kafka();
            assertThat(local.kafka()).isSameAs(kafka);
            assertThat(kafka).isEqualTo(new KafkaEndpoint(kafka.bootstrapServers(), Backend.LOCAL));
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(clusterAnswers(kafka.bootstrapServers())).isTrue();
            data = local.dataRoot();
            assertThat(data.resolve("kafka").resolve("meta.properties")).exists();
        } finally {
            local.close();
        }
        assertThat(data).doesNotExist();
        int port = Integer.parseInt(kafka.bootstrapServers().substring("127.0.0.1:".length()));
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }

    @Test
    void externalKafkaFromTheEnvironmentIsUsedAsIs(@TempDir Path dir) {
        try (LocalKafka broker = LocalKafka.start(dir);
                SharedServices services =
                        new SharedServices(
                                Map.of("PLIMSOLL_KAFKA_BOOTSTRAP", broker.bootstrapServers()),
                                () -> true,
                                SHORT)) {
            KafkaService kafka = services.kafka();
            assertThat(kafka)
                    .isEqualTo(new KafkaEndpoint(broker.bootstrapServers(), Backend.EXTERNAL));
            assertThat(services.dataRoot()).isNull();
        }
    }

    @Test
    void unreachableExternalKafkaFailsClearlyAndIsNotRetried() throws IOException {
        int deadPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            deadPort = probe.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + deadPort;
        try (SharedServices services =
                new SharedServices(
                        Map.of("PLIMSOLL_KAFKA_BOOTSTRAP", bootstrap), () -> true, SHORT)) {
            assertThatThrownBy(services::kafka)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "No Kafka broker answered at "
                                    + bootstrap
                                    + " (from PLIMSOLL_KAFKA_BOOTSTRAP) within 2000 ms");
            assertThatThrownBy(services::kafka)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "Test Kafka failed to start earlier in this JVM: No Kafka broker"
                                    + " answered at "
                                    + bootstrap
                                    + " (from PLIMSOLL_KAFKA_BOOTSTRAP) within 2000 ms")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void malformedEnvironmentFailsWithTheVariableName() {
        try (SharedServices services =
                new SharedServices(
                        Map.of("PLIMSOLL_KAFKA_BOOTSTRAP", "no-port-here"), () -> false, SHORT)) {
            assertThatThrownBy(services::kafka)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("PLIMSOLL_KAFKA_BOOTSTRAP must be");
        }
    }

    @Test
    void localEnginesProbeDockerOnceAndStopWithTheirDataOnClose() throws Exception {
        int[] probes = {0};
        SharedServices local =
                new SharedServices(
                        Map.of(),
                        () -> {
                            probes[0]++;
                            return false;
                        },
                        SHORT);
        String url;
        Path data;
        try {
            KafkaService kafka = local.kafka();
            ClickHouseService clickhouse = local.clickhouse();
            assertThat(probes[0]).isEqualTo(1);
            assertThat(clickhouse.toString()).startsWith("ClickHouse[local engine, ");
            assertThat(kafka.toString()).startsWith("Kafka[local engine, ");
            url = clickhouse.createDatabase("lifecycle");
            try (Connection c = DriverManager.getConnection(url);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("EXISTS TABLE service_minute")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            data = local.dataRoot();
            assertThat(data.resolve("clickhouse")).isDirectory();
        } finally {
            local.close();
        }
        assertThat(data).doesNotExist();
        // The engine process is gone: its port can be bound again.
        int port =
                Integer.parseInt(
                        url.replaceAll("^jdbc:clickhouse://127\\.0\\.0\\.1:(\\d+)/.*$", "$1"));
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }

    private static boolean clusterAnswers(String bootstrap) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return !admin.describeCluster().nodes().get().isEmpty();
        }
    }
}
