package dev.plimsoll.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default on a fresh data directory: local Kafka and the local ClickHouse engine. */
class EmbeddedEnginesTest {

    @Test
    void startsLocalEnginesUnderTheDataDirAndKeepsDataAcrossRestarts(@TempDir Path dataDir)
            throws Exception {
        AppSettings settings =
                new AppSettings(
                        "127.0.0.1",
                        0,
                        dataDir,
                        Set.of(Role.API),
                        Optional.empty(),
                        Optional.empty(),
                        0,
                        0,
                        true,
                        Map.of());
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());

        try (PlimsollApp app = PlimsollApp.start(settings, quiet)) {
            assertThat(app.clickHouseUrl()).contains("/" + EmbeddedEngines.DATABASE);
            try (Connection c = DriverManager.getConnection(app.clickHouseUrl());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE marker (id UInt32) ENGINE = MergeTree ORDER BY id");
                s.execute("INSERT INTO marker VALUES (42)");
            }
        }
        assertThat(Files.isDirectory(dataDir.resolve("kafka"))).isTrue();
        assertThat(Files.isDirectory(dataDir.resolve("clickhouse"))).isTrue();

        try (PlimsollApp again = PlimsollApp.start(settings, quiet);
                Connection c = DriverManager.getConnection(again.clickHouseUrl());
                ResultSet rs = c.createStatement().executeQuery("SELECT sum(id) FROM marker")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(42);
        }
    }
}
