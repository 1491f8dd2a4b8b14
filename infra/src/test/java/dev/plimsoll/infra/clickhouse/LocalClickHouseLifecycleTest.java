package dev.plimsoll.infra.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Restarts, crashes, graceful shutdown and parent death of the engine process. */
class LocalClickHouseLifecycleTest {

    @TempDir Path tmp;

    static long[] countAndSum(LocalClickHouse ch) throws Exception {
        try (Connection c = DriverManager.getConnection(ch.jdbcUrl("lifecycle"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(), sum(n) FROM t")) {
            assertThat(rs.next()).isTrue();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    static void insertRange(LocalClickHouse ch, long from, long to) throws Exception {
        try (Connection c = DriverManager.getConnection(ch.jdbcUrl("lifecycle"));
                PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?)")) {
            for (long n = from; n < to; n++) {
                insert.setLong(1, n);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    static long sumRange(long from, long to) {
        return (from + to - 1) * (to - from) / 2;
    }

    @Test
    void restartAndCrashKeepCommittedRows() throws Exception {
        Path dataDir = tmp.resolve("data");
        LocalClickHouse first = LocalClickHouse.start(dataDir);
        try (first) {
            try (Connection c = DriverManager.getConnection(first.jdbcUrl());
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE lifecycle");
                s.execute("CREATE TABLE lifecycle.t (n UInt64) ENGINE = MergeTree ORDER BY n");
            }
            insertRange(first, 0, 1_000);
        }
        assertThat(first.isAlive()).isFalse();
        assertThat(first.exitValue()).as("graceful stop exits with 0").isZero();

        LocalClickHouse second = LocalClickHouse.start(dataDir);
        try {
            assertThat(countAndSum(second)).containsExactly(1_000, sumRange(0, 1_000));
            insertRange(second, 1_000, 1_500);
        } finally {
            second.kill();
        }
        assertThat(second.isAlive()).isFalse();

        try (LocalClickHouse third = LocalClickHouse.start(dataDir)) {
            assertThat(countAndSum(third)).containsExactly(1_500, sumRange(0, 1_500));
        }
        assertThat(Files.readString(dataDir.resolve(LocalClickHouse.LOG_FILE)))
                .contains("PLIMSOLL-CLICKHOUSE READY")
                .contains("stopping: SIGTERM");
    }

    @Test
    void gracefulStopLetsTheRequestInFlightFinish() throws Exception {
        Path dataDir = tmp.resolve("drain");
        int rows = 4_000_000; // 32 MB of RowBinary: far more than the socket buffers hold
        LocalClickHouse ch = LocalClickHouse.start(dataDir);
        CompletableFuture<Void> stopping;
        int status;
        try {
            try (Connection c = DriverManager.getConnection(ch.jdbcUrl());
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE lifecycle");
                s.execute("CREATE TABLE lifecycle.t (n UInt64) ENGINE = MergeTree ORDER BY n");
            }
            HttpURLConnection http =
                    (HttpURLConnection)
                            URI.create(
                                            "http://127.0.0.1:"
                                                    + ch.httpPort()
                                                    + "/?query="
                                                    + URLEncoder.encode(
                                                            "INSERT INTO lifecycle.t FORMAT"
                                                                    + " RowBinary",
                                                            StandardCharsets.UTF_8))
                                    .toURL()
                                    .openConnection();
            http.setDoOutput(true);
            http.setRequestMethod("POST");
            http.setFixedLengthStreamingMode(rows * 8L);
            ByteBuffer chunk = ByteBuffer.allocate(8 * 100_000).order(ByteOrder.LITTLE_ENDIAN);
            stopping = null;
            try (OutputStream out = http.getOutputStream()) {
                for (long n = 0; n < rows; ) {
                    chunk.clear();
                    for (int i = 0; i < 100_000; i++, n++) {
                        chunk.putLong(n);
                    }
                    out.write(chunk.array(), 0, chunk.position());
                    // Once 24 MB went out, the server is reading this request: stop it now.
                    if (stopping == null && n >= 3_000_000) {
                        stopping = CompletableFuture.runAsync(ch::close);
                    }
                }
            }
            status = http.getResponseCode();
        } finally {
            ch.close();
        }
        stopping.get(60, TimeUnit.SECONDS);
        assertThat(status).isEqualTo(200);
        assertThat(ch.exitValue()).isZero();
        try (LocalClickHouse again = LocalClickHouse.start(dataDir)) {
            assertThat(countAndSum(again)).containsExactly(rows, sumRange(0, rows));
        }
    }

    @Test
    void engineExitsWhenItsParentDies() throws Exception {
        Path dataDir = tmp.resolve("orphan");
        // The parent runs in the module directory with a relative class path ("target/classes"):
        // the engine, which runs in its data directory, must still find its classes.
        Path workDir = Path.of("").toAbsolutePath();
        String relativeClassPath =
                Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(e -> workDir.relativize(Path.of(e).toAbsolutePath()).toString())
                        .collect(Collectors.joining(File.pathSeparator));
        Process parent =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx128m",
                                "-cp",
                                relativeClassPath,
                                LocalClickHouseParentMain.class.getName(),
                                dataDir.toString())
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .start();
        long enginePid = -1;
        try {
            BufferedReader lines =
                    new BufferedReader(
                            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder output = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith("ENGINE-PID ")) {
                    enginePid = Long.parseLong(line.substring("ENGINE-PID ".length()).strip());
                    break;
                }
            }
            assertThat(enginePid).as(output.toString()).isPositive();
        } finally {
            parent.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            parent.waitFor(30, TimeUnit.SECONDS);
        }
        ProcessHandle engine = ProcessHandle.of(enginePid).orElse(null);
        if (engine != null) {
            engine.onExit().get(60, TimeUnit.SECONDS);
            assertThat(engine.isAlive()).isFalse();
        }
        // The data directory is free again.
        try (LocalClickHouse again = LocalClickHouse.start(dataDir)) {
            assertThat(again.isAlive()).isTrue();
        }
        assertThat(Files.readString(dataDir.resolve(LocalClickHouse.LOG_FILE)))
                .contains("parent process gone");
    }

    @Test
    void startFailureReportsTheEngineOutput() throws Exception {
        Path dataDir = tmp.resolve("busy");
        try (LocalClickHouse running = LocalClickHouse.start(dataDir)) {
            // A second engine on the same directory is refused by ClickHouse's own lock.
            assertThatThrownBy(() -> LocalClickHouse.start(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with status")
                    .hasMessageContaining("Another server instance in same directory");
            assertThat(running.isAlive()).isTrue();
        }
    }
}
