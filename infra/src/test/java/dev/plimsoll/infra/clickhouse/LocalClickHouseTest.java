package dev.plimsoll.infra.clickhouse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local engine through the official JDBC driver and plain HTTP; one engine per class. */
class LocalClickHouseTest {

    @TempDir static Path dataDir;
    static LocalClickHouse clickhouse;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        clickhouse = LocalClickHouse.start(dataDir);
    }

    @AfterAll
    static void stop() {
        if (clickhouse != null) {
            clickhouse.close();
        }
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(clickhouse.jdbcUrl(database));
    }

    static void createDatabase(String database) throws SQLException {
        try (Connection c = DriverManager.getConnection(clickhouse.jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + database);
        }
    }

    @Test
    void batchInsertOf100000RowsReadsBackExactAggregates() throws Exception {
        createDatabase("batch");
        try (Connection c = connect("batch")) {
            try (Statement s = c.createStatement()) {
                s.execute(
                        "CREATE TABLE events (id UInt32, ts DateTime64(3, 'UTC'), value UInt64,"
                            + " buckets Map(Int32, UInt64)) ENGINE = MergeTree ORDER BY (ts, id)");
            }
            int rows = 100_000;
            int batchSize = 20_000;
            long base = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
            Instant from = Instant.parse("2026-03-01T00:20:00.250Z");
            Instant to = Instant.parse("2026-03-01T00:45:00Z");
            SplittableRandom random = new SplittableRandom(20260301);
            long valueSum = 0;
            long millisSum = 0;
            long inRange = 0;
            long inRangeValueSum = 0;
            TreeMap<Integer, Long> bucketSums = new TreeMap<>();
            long started = System.nanoTime();
            try (PreparedStatement insert =
                    c.prepareStatement(
                            "INSERT INTO events (id, ts, value, buckets) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    long millis = base + i * 37L + random.nextInt(37);
                    long value = random.nextLong(1_000_000_000L);
                    Map<Integer, Long> buckets = new TreeMap<>();
                    int entries = 1 + random.nextInt(30);
                    for (int e = 0; e < entries; e++) {
                        buckets.put(random.nextInt(-400, 1200), 1L + random.nextInt(1000));
                    }
                    insert.setInt(1, i);
                    insert.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(millis)));
                    insert.setLong(3, value);
                    insert.setObject(4, buckets);
                    insert.addBatch();
                    valueSum += value;
                    millisSum += millis;
                    if (millis >= from.toEpochMilli() && millis < to.toEpochMilli()) {
                        inRange++;
                        inRangeValueSum += value;
                    }
                    buckets.forEach((k, v) -> bucketSums.merge(k, v, Long::sum));
                    if ((i + 1) % batchSize == 0) {
                        insert.executeBatch();
                    }
                }
            }
            System.out.printf(
                    "inserted %d rows in PreparedStatement batches of %d in %.2f s%n",
                    rows, batchSize, (System.nanoTime() - started) / 1e9);

            try (Statement s = c.createStatement()) {
                try (ResultSet rs =
                        s.executeQuery(
                                "SELECT count(), sum(value), sum(toUnixTimestamp64Milli(ts))"
                                        + " FROM events")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(rows);
                    assertThat(rs.getLong(2)).isEqualTo(valueSum);
                    assertThat(rs.getLong(3)).isEqualTo(millisSum);
                }
                TreeMap<Integer, Long> actual = new TreeMap<>();
                try (ResultSet rs =
                        s.executeQuery(
                                "SELECT k, v FROM (SELECT sumMap(buckets) AS m FROM events)"
                                        + " ARRAY JOIN mapKeys(m) AS k, mapValues(m) AS v")) {
                    while (rs.next()) {
                        actual.put(rs.getInt(1), rs.getLong(2));
                    }
                }
                assertThat(actual).isEqualTo(bucketSums);
                try (ResultSet rs =
                        s.executeQuery(
                                "SELECT count(), sum(value) FROM events WHERE ts >="
                                    + " toDateTime64('2026-03-01 00:20:00.250', 3, 'UTC') AND ts <"
                                    + " toDateTime64('2026-03-01 00:45:00', 3, 'UTC')")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(inRange).isPositive();
                    assertThat(rs.getLong(2)).isEqualTo(inRangeValueSum);
                }
            }
            // The same range through a PreparedStatement (the driver binds it client-side).
            try (PreparedStatement q =
                    c.prepareStatement("SELECT count() FROM events WHERE ts >= ? AND ts < ?")) {
                q.setTimestamp(1, Timestamp.from(from));
                q.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = q.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(inRange);
                }
            }
        }
    }

    @Test
    void invalidSqlArrivesAsSqlExceptionWithClickHouseCodeAndMessage() throws Exception {
        try (Connection c = connect("default");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(
                            e -> {
                                SQLException sql = (SQLException) e;
                                assertThat(sql.getErrorCode()).isEqualTo(62);
                                assertThat(sql.getMessage())
                                        .contains("Code: 62. DB::Exception: Syntax error")
                                        .contains("(SYNTAX_ERROR)");
                            });
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(
                            e -> {
                                assertThat(((SQLException) e).getErrorCode()).isEqualTo(60);
                                assertThat(e.getMessage())
                                        .contains("no_such_table")
                                        .contains("(UNKNOWN_TABLE)");
                            });
            // The connection keeps working after errors.
            try (ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void synchronousDropsWorkAndTheNameIsFreeAtOnce() throws Exception {
        // chDB never returns from DROP … SYNC; the front runs it as a plain DROP.
        try (Connection c = connect("default");
                Statement s = c.createStatement()) {
            for (int round = 0; round < 2; round++) {
                s.execute("CREATE DATABASE dropped");
                s.execute("CREATE TABLE dropped.t (a UInt8) ENGINE = MergeTree ORDER BY a");
                s.execute("INSERT INTO dropped.t VALUES (" + round + ")");
                s.execute("DROP TABLE dropped.t SYNC");
                s.execute("CREATE TABLE dropped.t (a UInt8) ENGINE = MergeTree ORDER BY a");
                s.execute("DROP TABLE IF EXISTS dropped.t NO DELAY");
                s.execute("DROP DATABASE dropped SYNC");
            }
            try (ResultSet rs =
                    s.executeQuery("SELECT count() FROM system.databases WHERE name = 'dropped'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
            assertThatThrownBy(
                            () ->
                                    s.execute(
                                            "DROP TABLE IF EXISTS x SETTINGS"
                                                + " database_atomic_wait_for_drop_and_detach_synchronously"
                                                + " = 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("chDB never returns from a synchronous DROP");
        }
    }

    @Test
    void unknownDatabaseIsReportedByTheEngine() {
        assertThatThrownBy(
                        () -> {
                            try (Connection c = connect("no_such_db");
                                    Statement s = c.createStatement()) {
                                s.executeQuery("SELECT 1");
                            }
                        })
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(81))
                .hasMessageContaining("no_such_db");
    }

    @Test
    void compressedResponsesAreRefusedWithAClearError() {
        String url = "jdbc:clickhouse://127.0.0.1:" + clickhouse.httpPort() + "/default";
        assertThatThrownBy(
                        () -> {
                            try (Connection c = DriverManager.getConnection(url);
                                    Statement s = c.createStatement()) {
                                s.executeQuery("SELECT 1");
                            }
                        })
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("compress=false");
    }

    @Test
    void concurrentClientsGetCorrectResults() throws Exception {
        createDatabase("concurrent");
        try (Connection c = connect("concurrent");
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE samples (client UInt32, n UInt64) ENGINE = MergeTree"
                            + " ORDER BY (client, n)");
        }
        int clients = 8;
        int rounds = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int id = client;
                futures.add(
                        pool.submit(
                                () -> {
                                    long expectedSum = 0;
                                    try (Connection c = connect("concurrent")) {
                                        for (int round = 0; round < rounds; round++) {
                                            try (PreparedStatement insert =
                                                    c.prepareStatement(
                                                            "INSERT INTO samples VALUES (?, ?)")) {
                                                for (int k = 0; k < 50; k++) {
                                                    long n = round * 1000L + k * 7L + id;
                                                    insert.setInt(1, id);
                                                    insert.setLong(2, n);
                                                    insert.addBatch();
                                                    expectedSum += n;
                                                }
                                                insert.executeBatch();
                                            }
                                            long limit = 10_000L + id * 1_000L + round;
                                            try (Statement s = c.createStatement();
                                                    ResultSet rs =
                                                            s.executeQuery(
                                                                    "SELECT count(), sum(n),"
                                                                            + " (SELECT sum(number)"
                                                                            + " FROM numbers("
                                                                            + limit
                                                                            + ")) FROM samples"
                                                                            + " WHERE client = "
                                                                            + id)) {
                                                assertThat(rs.next()).isTrue();
                                                assertThat(rs.getLong(1))
                                                        .isEqualTo(50L * (round + 1));
                                                assertThat(rs.getLong(2)).isEqualTo(expectedSum);
                                                assertThat(rs.getLong(3))
                                                        .isEqualTo(limit * (limit - 1) / 2);
                                            }
                                        }
                                    }
                                    return expectedSum;
                                }));
            }
            long total = 0;
            for (Future<Long> f : futures) {
                total += f.get();
            }
            try (Connection c = connect("concurrent");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(), sum(n) FROM samples")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo((long) clients * rounds * 50);
                assertThat(rs.getLong(2)).isEqualTo(total);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- raw HTTP ----

    static HttpResponse<String> post(String params, byte[] body) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + clickhouse.httpPort()
                                                + "/"
                                                + (params.isEmpty() ? "" : "?" + params)))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String params) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + clickhouse.httpPort()
                                                + "/?"
                                                + params))
                        .GET()
                        .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String q(String sql) {
        return "query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8);
    }

    static String query(String database, String sql) throws Exception {
        HttpResponse<String> r = post("database=" + database, sql.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    @Test
    void insertFormatRowBinaryWithBinaryBody() throws Exception {
        createDatabase("rowbinary");
        query(
                "rowbinary",
                "CREATE TABLE t (a UInt8, s String, n Int64, ts DateTime64(3, 'UTC'))"
                        + " ENGINE = MergeTree ORDER BY a");
        // Rows chosen to trip naive handling: a leading newline/space byte, NULs, quotes.
        Object[][] rows = {
            {10, "\n\0 'x'\t", -5L, 1_700_000_000_123L},
            {32, "", Long.MAX_VALUE, 0L},
            {0, "ü;\\", Long.MIN_VALUE, 1_800_000_000_999L},
            {20, "blank line\n\nin the middle", 0x0A0A0A0AL, 0L},
        };
        ByteBuffer data = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        for (Object[] row : rows) {
            data.put((byte) (int) (Integer) row[0]);
            byte[] s = ((String) row[1]).getBytes(StandardCharsets.UTF_8);
            data.put((byte) s.length).put(s); // LEB128 length, < 128 here
            data.putLong((Long) row[2]);
            data.putLong((Long) row[3]);
        }
        byte[] body = new byte[data.position()];
        data.flip().get(body);
        HttpResponse<String> r = post(q("INSERT INTO rowbinary.t FORMAT RowBinary"), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-ClickHouse-Summary").orElseThrow())
                .contains("\"written_rows\":\"4\"");

        // The same rows again, statement and data together in the body.
        byte[] statement =
                "INSERT INTO rowbinary.t FORMAT RowBinary\n".getBytes(StandardCharsets.UTF_8);
        byte[] combined = new byte[statement.length + body.length];
        System.arraycopy(statement, 0, combined, 0, statement.length);
        System.arraycopy(body, 0, combined, statement.length, body.length);
        r = post("", combined);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        try (Connection c = connect("rowbinary");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT a, s, n, toUnixTimestamp64Milli(ts) FROM t ORDER BY a,"
                                        + " n")) {
            for (Object[] row : sortedTwice(rows)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(row[0]);
                assertThat(rs.getString(2)).isEqualTo(row[1]);
                assertThat(rs.getLong(3)).isEqualTo(row[2]);
                assertThat(rs.getLong(4)).isEqualTo(row[3]);
            }
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void largeRowBinaryInsertKeepsEveryRow() throws Exception {
        createDatabase("bulk");
        query("bulk", "CREATE TABLE t (id UInt32, v UInt64) ENGINE = MergeTree ORDER BY id");
        int rows = 200_000;
        ByteBuffer data = ByteBuffer.allocate(rows * 12).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (int i = 0; i < rows; i++) {
            long v = i * 1000L; // many rows hold the bytes "\n\n", which end chDB's inline data
            data.putInt(i).putLong(v);
            sum += v;
        }
        long started = System.nanoTime();
        HttpResponse<String> r = post(q("INSERT INTO bulk.t FORMAT RowBinary"), data.array());
        System.out.printf(
                "inserted %d rows (%d bytes) of RowBinary over HTTP in %.2f s%n",
                rows, data.capacity(), (System.nanoTime() - started) / 1e9);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(query("bulk", "SELECT count(), sum(v), uniqExact(id) FROM t"))
                .isEqualTo(rows + "\t" + sum + "\t" + rows + "\n");
    }

    private static List<Object[]> sortedTwice(Object[][] rows) {
        List<Object[]> all = new ArrayList<>();
        for (Object[] row : rows) {
            all.add(row);
            all.add(row);
        }
        all.sort(
                (x, y) ->
                        x[0] != y[0]
                                ? Integer.compare((Integer) x[0], (Integer) y[0])
                                : Long.compare((Long) x[2], (Long) y[2]));
        return all;
    }

    @Test
    void insertJsonEachRowTabSeparatedAndValuesFromTheBody() throws Exception {
        createDatabase("textformats");
        query(
                "textformats",
                "CREATE TABLE t (id UInt32, name String, amount Decimal(38, 10))"
                        + " ENGINE = MergeTree ORDER BY id");
        HttpResponse<String> r =
                post(
                        "database=textformats",
                        ("INSERT INTO t FORMAT JSONEachRow\n"
                                        + "{\"id\":1,\"name\":\"a \\\"quoted\\\""
                                        + " name\",\"amount\":\"12.3400000001\"}\n"
                                        + "{\"id\":2,\"name\":\"b\",\"amount\":\"-0.5\"}\n")
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        r =
                post(
                        "database=textformats&" + q("INSERT INTO t FORMAT TabSeparated"),
                        "3\ttab\\there\t7\n4\tx\t0.0000000001\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        r =
                post(
                        "database=textformats&" + q("INSERT INTO t FORMAT CSV"),
                        "7,\"multi\n\nline\",1\n8,z,2\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        r =
                post(
                        "database=textformats&" + q("INSERT INTO t VALUES"),
                        "(5, 'it''s', 1e1), (6, 'semi;colon', 99.5)"
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        assertThat(query("textformats", "SELECT id, name, amount FROM t ORDER BY id"))
                .isEqualTo(
                        "1\ta \"quoted\" name\t12.3400000001\n"
                                + "2\tb\t-0.5\n"
                                + "3\ttab\\there\t7\n"
                                + "4\tx\t0.0000000001\n"
                                + "5\tit\\'s\t10\n"
                                + "6\tsemi;colon\t99.5\n"
                                + "7\tmulti\\n\\nline\t1\n"
                                + "8\tz\t2\n");
        // A malformed row is a ClickHouse parse error, and nothing of that insert is stored.
        r =
                post(
                        "database=textformats&" + q("INSERT INTO t FORMAT JSONEachRow"),
                        "{\"id\":9,\"name\":\"ok\"}\n{\"id\":\"nine\"}\n"
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-ClickHouse-Exception-Code")).isPresent();
        assertThat(query("textformats", "SELECT count() FROM t")).isEqualTo("8\n");
    }

    @Test
    void serverSideParametersOverHttp() throws Exception {
        String params =
                "param_s="
                        + URLEncoder.encode("tab\\there 'quote' \\\\ done", StandardCharsets.UTF_8)
                        + "&param_n=-42&param_a="
                        + URLEncoder.encode("[1,2,3]", StandardCharsets.UTF_8)
                        + "&param_ts="
                        + URLEncoder.encode("2026-03-01 12:00:00.123", StandardCharsets.UTF_8)
                        + "&"
                        + q(
                                "SELECT {s:String} AS s, length({s:String}), {n:Int64} * 2,"
                                        + " arraySum({a:Array(UInt16)}),"
                                        + " toUnixTimestamp64Milli({ts:DateTime64(3, 'UTC')})");
        HttpResponse<String> r = post(params, new byte[0]);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String s = "tab\there 'quote' \\ done";
        assertThat(r.body())
                .isEqualTo(
                        "tab\\there \\'quote\\' \\\\ done\t"
                                + s.length()
                                + "\t-84\t6\t"
                                + Instant.parse("2026-03-01T12:00:00.123Z").toEpochMilli()
                                + "\n");
        // A missing parameter is the engine's error.
        r = post(q("SELECT {missing:String}"), new byte[0]);
        assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(r.body()).contains("missing");
    }

    @Test
    void serverSideParametersThroughTheJavaClient() throws Exception {
        createDatabase("client_params");
        query(
                "client_params",
                "CREATE TABLE t (tenant String, v UInt64) ENGINE = MergeTree ORDER BY tenant");
        query("client_params", "INSERT INTO t VALUES ('a', 1), ('a', 2), ('b''s', 40)");
        try (com.clickhouse.client.api.Client client =
                new com.clickhouse.client.api.Client.Builder()
                        .addEndpoint("http://127.0.0.1:" + clickhouse.httpPort())
                        .setUsername("default")
                        .setPassword("")
                        .compressServerResponse(false)
                        .setDefaultDatabase("client_params")
                        .build()) {
            List<com.clickhouse.client.api.query.GenericRecord> records =
                    client.queryAll(
                            "SELECT count() AS c, sum(v) AS s FROM t WHERE tenant ="
                                    + " {tenant:String}",
                            Map.of("tenant", "b's"));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).getLong("c")).isEqualTo(1);
            assertThat(records.get(0).getLong("s")).isEqualTo(40);
        }
    }

    @Test
    void preparedStatementValuesRoundTripExactly() throws Exception {
        String tricky = "O'Brien \\ \"x\" \t\n; DROP TABLE t; --";
        try (Connection c = connect("default");
                PreparedStatement ps = c.prepareStatement("SELECT ?, length(?)")) {
            ps.setString(1, tricky);
            ps.setString(2, tricky);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(tricky);
                assertThat(rs.getLong(2)).isEqualTo(tricky.getBytes(StandardCharsets.UTF_8).length);
            }
        }
    }

    @Test
    void settingsApplyToOneRequestOnly() throws Exception {
        String baseline = get(q("SELECT getSetting('max_threads')")).body();
        assertThat(baseline).isNotEqualTo("1\n");
        assertThat(
                        post("max_threads=1&" + q("SELECT getSetting('max_threads')"), new byte[0])
                                .body())
                .isEqualTo("1\n");
        assertThat(get(q("SELECT getSetting('max_threads')")).body()).isEqualTo(baseline);
        // A SET statement does not outlive its request either (no HTTP sessions).
        assertThat(post("", "SET max_threads = 1".getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(200);
        assertThat(get(q("SELECT getSetting('max_threads')")).body()).isEqualTo(baseline);
        // Unknown settings are the engine's error.
        HttpResponse<String> r = get("no_such_setting=1&" + q("SELECT 1"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("115");
    }

    @Test
    void protocolDetails() throws Exception {
        HttpResponse<String> ping =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:"
                                                        + clickhouse.httpPort()
                                                        + "/ping"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("Ok.\n");

        HttpResponse<String> json =
                get("query_id=my-query-1&" + q("SELECT 1 AS one FORMAT JSONEachRow"));
        assertThat(json.body()).isEqualTo("{\"one\":1}\n");
        assertThat(json.headers().firstValue("X-ClickHouse-Format")).hasValue("JSONEachRow");
        assertThat(json.headers().firstValue("Content-Type"))
                .hasValue("application/json; charset=UTF-8");
        assertThat(json.headers().firstValue("X-ClickHouse-Query-Id")).hasValue("my-query-1");
        assertThat(json.headers().firstValue("X-ClickHouse-Timezone")).hasValue("UTC");
        assertThat(json.headers().firstValue("X-ClickHouse-Server-Display-Name")).isPresent();
        assertThat(json.headers().firstValue("X-ClickHouse-Summary").orElseThrow())
                .startsWith("{\"read_rows\":");

        HttpResponse<String> byDefaultFormat =
                get("default_format=CSVWithNames&" + q("SELECT 1 AS one, 'a' AS s"));
        assertThat(byDefaultFormat.body()).isEqualTo("\"one\",\"s\"\n1,\"a\"\n");

        // GET implies readonly, as in ClickHouse.
        HttpResponse<String> readonly = get(q("CREATE TABLE x (a UInt8) ENGINE = Memory"));
        assertThat(readonly.statusCode()).isEqualTo(403);
        assertThat(readonly.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("164");

        // One statement per request, as in ClickHouse.
        HttpResponse<String> multi =
                post("", "SELECT 1; SELECT 2".getBytes(StandardCharsets.UTF_8));
        assertThat(multi.statusCode()).isEqualTo(400);
        assertThat(multi.body()).contains("Multi-statements are not allowed");

        // gzip request bodies are decoded; encodings the engine cannot decode are refused.
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write("SELECT 'zipped'".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> gzip =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:" + clickhouse.httpPort() + "/"))
                                .header("Content-Encoding", "gzip")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(gzip.body()).isEqualTo("zipped\n");
        HttpResponse<String> brotli =
                HTTP.send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                "http://127.0.0.1:" + clickhouse.httpPort() + "/"))
                                .header("Content-Encoding", "br")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2}))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(brotli.statusCode()).isEqualTo(400);
        assertThat(brotli.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("48");

        HttpResponse<String> empty = post("", new byte[0]);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Empty query");
    }
}
