package dev.plimsoll.infra.clickhouse.server;

import dev.plimsoll.infra.clickhouse.server.ChdbEngine.Result;
import dev.plimsoll.infra.clickhouse.server.ChdbEngine.Session;
import dev.plimsoll.infra.clickhouse.server.ClickHouseErrors.Error;

import com.sun.jna.Memory;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * ClickHouse's HTTP interface in front of the chDB engine: enough of it for the official JDBC
 * driver (client-v2 / jdbc-v2) and for plain HTTP clients. See infra/README.md for the subset.
 *
 * <p>Requests are served concurrently; the body is read before the engine is taken and the result
 * is written after it is released, so only engine work is serialized.
 */
public final class ClickHouseHttpServer implements AutoCloseable {

    static final String DISPLAY_NAME = "plimsoll-local-clickhouse";
    private static final String DEFAULT_FORMAT = "TabSeparated";
    private static final long ENGINE_WAIT_SECONDS = 600;

    /** Bytes of a request read to find an INSERT's data; ClickHouse's max_query_size is 256 KiB. */
    private static final int HEAD_BYTES = 1 << 20;

    /** URL parameters of the HTTP interface that are not settings. */
    private static final Set<String> PROTOCOL_PARAMS =
            Set.of(
                    "query",
                    "database",
                    "default_format",
                    "query_id",
                    "user",
                    "password",
                    "quota_key",
                    "session_id",
                    "session_timeout",
                    "session_check",
                    "compress",
                    "decompress",
                    "enable_http_compression",
                    "http_zlib_compression_level",
                    "buffer_size",
                    "wait_end_of_query",
                    "stacktrace",
                    "role",
                    "readonly",
                    "client_protocol_version");

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ChdbEngine engine;
    private final Path insertDir;
    private final HttpServer http;
    private final ExecutorService executor;
    private final PrintStream log;
    private final boolean logRequests;
    private final String timezone;
    private final Map<String, String> baselineSettings;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private String currentDatabase; // guarded by the engine session

    private ClickHouseHttpServer(
            ChdbEngine engine,
            Path insertDir,
            HttpServer http,
            ExecutorService executor,
            PrintStream log,
            boolean logRequests,
            String timezone,
            Map<String, String> baselineSettings) {
        this.engine = engine;
        this.insertDir = insertDir;
        this.http = http;
        this.executor = executor;
        this.log = log;
        this.logRequests = logRequests;
        this.timezone = timezone;
        this.baselineSettings = baselineSettings;
    }

    /**
     * Serves {@code engine} on {@code host:port} (0 = a free port). INSERT data is staged in files
     * in {@code insertDir}.
     */
    public static ClickHouseHttpServer start(
            ChdbEngine engine,
            Path insertDir,
            String host,
            int port,
            PrintStream log,
            boolean logRequests)
            throws IOException, InterruptedException {
        String timezone;
        Map<String, String> baseline = new LinkedHashMap<>();
        try (Session s = engine.session(ENGINE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            try (Result r = s.query("SELECT timezone()", "TabSeparated")) {
                timezone = r.error() == null ? r.text().strip() : "UTC";
            }
            // Settings chDB changes for its connection: restored to these, not to the defaults.
            try (Result r =
                    s.query(
                            "SELECT name, value FROM system.settings WHERE changed",
                            "TabSeparated")) {
                if (r.error() == null) {
                    for (String[] row : r.rows()) {
                        if (row.length == 2) {
                            baseline.put(row[0], row[1]);
                        }
                    }
                }
            }
        }
        HttpServer http =
                HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor =
                Executors.newFixedThreadPool(
                        32,
                        r -> {
                            Thread t =
                                    new Thread(r, "clickhouse-http-" + threads.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        http.setExecutor(executor);
        ClickHouseHttpServer server =
                new ClickHouseHttpServer(
                        engine,
                        insertDir,
                        http,
                        executor,
                        log,
                        logRequests,
                        timezone,
                        Map.copyOf(baseline));
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * Refuses new requests (503), lets requests in flight finish (at most {@code drainSeconds}),
     * then closes the listener and the worker threads. Does not close the engine.
     */
    public void stop(int drainSeconds) {
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        try {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // JDK 17's stop(delay) always waits the whole delay: drain ourselves, then stop(0).
        http.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(5);
    }

    int inFlight() {
        return inFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        long started = System.nanoTime();
        int status = 0;
        try (exchange) {
            if (stopping) {
                status = sendText(exchange, 503, "The server is shutting down\n");
            } else {
                status = serve(exchange);
            }
        } catch (IOException | RuntimeException e) {
            status = -1;
            log.println(Instant.now() + " request failed: " + e);
        } finally {
            inFlight.decrementAndGet();
            if (logRequests) {
                log.printf(
                        "%s %s %s -> %d (%.1f ms)%n",
                        Instant.now(),
                        exchange.getRequestMethod(),
                        exchange.getRequestURI(),
                        status,
                        (System.nanoTime() - started) / 1e6);
            }
        }
    }

    private int serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Headers headers = exchange.getRequestHeaders();
        if (logRequests) {
            headers.forEach(
                    (name, values) -> {
                        if (!name.equalsIgnoreCase("Authorization")) {
                            log.println("  " + name + ": " + values);
                        }
                    });
        }
        Map<String, String> params = parseQueryString(exchange.getRequestURI().getRawQuery());
        if (path.equals("/ping")
                || (path.equals("/") && !params.containsKey("query") && !method.equals("POST"))) {
            return sendText(exchange, 200, "Ok.\n");
        }
        if (!path.equals("/") && !path.equals("/query")) {
            return sendText(exchange, 404, "There is no handle " + path + "\n");
        }
        if (!method.equals("GET") && !method.equals("POST")) {
            return sendText(exchange, 405, "Method " + method + " is not allowed\n");
        }
        String queryId = first(params.get("query_id"), headers.getFirst("X-ClickHouse-Query-Id"));
        if (queryId == null || queryId.isBlank()) {
            queryId = UUID.randomUUID().toString();
        }
        Error rejected = checkCompression(params, headers);
        if (rejected != null) {
            return sendError(exchange, queryId, rejected);
        }

        Request request = readRequest(exchange, params, headers);
        if (request == null) {
            drain(exchange);
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(
                            ClickHouseErrors.NOT_IMPLEMENTED,
                            "Unsupported request Content-Encoding "
                                    + headers.getFirst("Content-Encoding")
                                    + ": the local engine accepts gzip, deflate or identity"));
        }
        if (logRequests) {
            log.println("  query: " + preview(request.statement(), 300));
        }
        try {
            return answer(exchange, params, headers, queryId, request);
        } finally {
            if (request.dataFile() != null) {
                Files.deleteIfExists(request.dataFile());
            }
        }
    }

    private int answer(
            HttpExchange exchange,
            Map<String, String> params,
            Headers headers,
            String queryId,
            Request request)
            throws IOException {
        String method = exchange.getRequestMethod();
        QueryAnalysis analysis = request.analysis();
        if (analysis.kind().isEmpty()) {
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(ClickHouseErrors.SYNTAX_ERROR, "Empty query"));
        }
        if (analysis.mentionsSyncDropSetting()
                || isTrue(params.get(QueryAnalysis.SYNC_DROP_SETTING))) {
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(
                            ClickHouseErrors.NOT_IMPLEMENTED,
                            "The local ClickHouse engine does not support "
                                    + QueryAnalysis.SYNC_DROP_SETTING
                                    + ": chDB never returns from a synchronous DROP. A plain DROP"
                                    + " (or DROP … SYNC, which runs as a plain DROP here) frees the"
                                    + " name at once"));
        }
        if (analysis.multiStatement()) {
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(
                            ClickHouseErrors.SYNTAX_ERROR,
                            "Syntax error: Multi-statements are not allowed"));
        }
        boolean readOnly =
                method.equals("GET")
                        || "1".equals(params.get("readonly"))
                        || "2".equals(params.get("readonly"));
        if (readOnly && !analysis.isReadOnly() && !analysis.isSet()) {
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(
                            ClickHouseErrors.READONLY,
                            "Cannot execute query in readonly mode."
                                    + (method.equals("GET")
                                            ? " For queries over HTTP, method GET implies readonly."
                                                    + " You should use method POST for modifying"
                                                    + " queries"
                                            : "")));
        }

        String format =
                first(headers.getFirst("X-ClickHouse-Format"), params.get("default_format"));
        if (format == null || format.isBlank()) {
            format = DEFAULT_FORMAT;
        }
        String database = first(params.get("database"), headers.getFirst("X-ClickHouse-Database"));
        if (database == null || database.isBlank()) {
            database = "default";
        }
        Map<String, String> statementParams = new LinkedHashMap<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : params.entrySet()) {
            String name = p.getKey();
            if (name.startsWith("param_")) {
                statementParams.put(name.substring("param_".length()), p.getValue());
            } else if (!PROTOCOL_PARAMS.contains(name)) {
                if (!SETTING_NAME.matcher(name).matches()) {
                    return sendError(
                            exchange,
                            queryId,
                            ClickHouseErrors.fromEngine(
                                    "Code: 115. DB::Exception: Unknown setting '"
                                            + name
                                            + "'. (UNKNOWN_SETTING)"));
                }
                settings.put(name, p.getValue());
            }
        }

        byte[] statement = request.statement();
        if (analysis.syncDrop() != null) {
            // chDB never returns from DROP … SYNC / NO DELAY (it waits for a drop task that does
            // not run in chDB): run a plain DROP, which frees the name at once as well.
            statement = statement.clone();
            java.util.Arrays.fill(
                    statement, analysis.syncDrop()[0], analysis.syncDrop()[1], (byte) ' ');
        }
        Result result;
        try (Session session = engine.session(ENGINE_WAIT_SECONDS, TimeUnit.SECONDS)) {
            result =
                    execute(
                            session,
                            database,
                            settings,
                            statement,
                            format,
                            statementParams,
                            analysis);
        } catch (ChdbEngine.EngineBusyException e) {
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(ClickHouseErrors.TIMEOUT_EXCEEDED, e.getMessage()));
        } catch (IllegalStateException e) {
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(ClickHouseErrors.ABORTED, e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return sendError(
                    exchange,
                    queryId,
                    ClickHouseErrors.of(ClickHouseErrors.ABORTED, "the server is shutting down"));
        }
        try (result) {
            if (result.error() != null) {
                return sendError(exchange, queryId, ClickHouseErrors.fromEngine(result.error()));
            }
            String responseFormat =
                    analysis.outputFormat() != null ? analysis.outputFormat() : format;
            Headers out = exchange.getResponseHeaders();
            commonHeaders(out, queryId);
            out.set("X-ClickHouse-Format", responseFormat);
            out.set("Content-Type", contentType(responseFormat));
            out.set("X-ClickHouse-Summary", summary(result.stats()));
            long length = result.length();
            exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream body = exchange.getResponseBody()) {
                    result.writeTo(body);
                }
            }
            return 200;
        }
    }

    /** Runs USE / SET / the statement / the settings reset with exclusive use of the engine. */
    private Result execute(
            Session session,
            String database,
            Map<String, String> settings,
            byte[] query,
            String format,
            Map<String, String> statementParams,
            QueryAnalysis analysis) {
        if (!database.equals(currentDatabase)) {
            currentDatabase = null;
            Result use = session.query("USE " + quoteIdentifier(database), DEFAULT_FORMAT);
            if (use.error() != null) {
                return use;
            }
            use.close();
            currentDatabase = database;
        }
        Set<String> touched = new LinkedHashSet<>();
        try {
            if (!settings.isEmpty()) {
                touched.addAll(settings.keySet());
                List<String> assignments = new ArrayList<>();
                settings.forEach((k, v) -> assignments.add(k + " = " + quoteString(v)));
                Result set = session.query("SET " + String.join(", ", assignments), DEFAULT_FORMAT);
                if (set.error() != null) {
                    return set;
                }
                set.close();
            }
            if (analysis.isSet()) {
                touched.addAll(analysis.setSettings());
            }
            Memory memory = new Memory(Math.max(1, query.length));
            memory.write(0, query, 0, query.length);
            return session.query(memory, query.length, format, statementParams);
        } finally {
            if (analysis.isUse()) {
                currentDatabase = null; // HTTP has no sessions: the next request sets its own
            }
            resetSettings(session, touched);
        }
    }

    private void resetSettings(Session session, Set<String> names) {
        for (String name : names) {
            String baseline = baselineSettings.get(name);
            String sql =
                    "SET " + name + " = " + (baseline == null ? "DEFAULT" : quoteString(baseline));
            try (Result r = session.query(sql, DEFAULT_FORMAT)) {
                if (r.error() != null && !r.error().contains("UNKNOWN_SETTING")) {
                    log.println(
                            Instant.now() + " could not reset setting " + name + ": " + r.error());
                }
            }
        }
    }

    /**
     * A request's statement. For an INSERT with inline data, the data has been streamed to {@code
     * dataFile} and {@code statement} reads it from there ({@code FROM INFILE}): chDB ends inline
     * data at the first empty line, which silently truncates binary data and multi-line values, and
     * parsing text formats from a file is also faster (measured).
     */
    private record Request(byte[] statement, QueryAnalysis analysis, Path dataFile) {}

    /**
     * Reads the statement as ClickHouse builds it: the {@code query} parameter, a newline, then the
     * body (for an INSERT, the body is its data), or the body alone. Returns null when the body's
     * Content-Encoding is not supported.
     */
    private Request readRequest(HttpExchange exchange, Map<String, String> params, Headers headers)
            throws IOException {
        InputStream body = exchange.getRequestBody();
        String encoding = headers.getFirst("Content-Encoding");
        if (encoding != null && !encoding.isBlank()) {
            switch (encoding.strip().toLowerCase(Locale.ROOT)) {
                case "gzip":
                case "x-gzip":
                    body = new GZIPInputStream(body);
                    break;
                case "deflate":
                    body = new InflaterInputStream(body);
                    break;
                case "identity":
                    break;
                default:
                    return null;
            }
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            body = InputStream.nullInputStream();
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        String queryParam = params.get("query");
        if (queryParam != null && !queryParam.isEmpty()) {
            head.write(queryParam.getBytes(StandardCharsets.UTF_8));
            head.write('\n');
        }
        byte[] chunk = body.readNBytes(HEAD_BYTES);
        head.write(chunk);
        boolean complete = chunk.length < HEAD_BYTES;
        byte[] text = head.toByteArray();
        QueryAnalysis analysis = QueryAnalysis.of(text, 0, text.length, complete);
        if (analysis.insertData() == null && !complete) {
            head.write(body.readAllBytes());
            text = head.toByteArray();
            complete = true;
            analysis = QueryAnalysis.of(text, 0, text.length, true);
        }
        QueryAnalysis.InsertData data = analysis.insertData();
        if (data == null) {
            return new Request(text, analysis, null);
        }
        Path file = Files.createTempFile(insertDir, "insert-", ".data");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(text, data.dataStart(), text.length - data.dataStart());
            if (!complete) {
                body.transferTo(out);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        String path = file.toAbsolutePath().toString();
        int prefixEnd = data.settingsStart() >= 0 ? data.settingsStart() : data.clauseStart();
        String statement =
                new String(text, 0, prefixEnd, StandardCharsets.UTF_8)
                        + " FROM INFILE "
                        + quoteString(path)
                        + " COMPRESSION 'none' "
                        + (data.settingsStart() >= 0
                                ? new String(
                                        text,
                                        data.settingsStart(),
                                        data.clauseStart() - data.settingsStart(),
                                        StandardCharsets.UTF_8)
                                : "")
                        + "FORMAT "
                        + data.format();
        return new Request(statement.getBytes(StandardCharsets.UTF_8), analysis, file);
    }

    /**
     * Response compression is off in the local engine. ClickHouse's own LZ4 framing ({@code
     * compress=1}, {@code decompress=1}) cannot be answered uncompressed, so it is refused with a
     * clear error; HTTP compression ({@code Accept-Encoding}) is simply not applied, which HTTP
     * allows.
     */
    private static Error checkCompression(Map<String, String> params, Headers headers) {
        if (isTrue(params.get("compress"))) {
            return ClickHouseErrors.of(
                    ClickHouseErrors.NOT_IMPLEMENTED,
                    "The local ClickHouse engine does not compress responses (compress=1 was"
                            + " requested): add compress=false to the JDBC URL");
        }
        if (isTrue(params.get("decompress"))) {
            return ClickHouseErrors.of(
                    ClickHouseErrors.NOT_IMPLEMENTED,
                    "The local ClickHouse engine does not accept ClickHouse-compressed request"
                            + " bodies (decompress=1 was requested): turn client request"
                            + " compression off");
        }
        return null;
    }

    private void commonHeaders(Headers out, String queryId) {
        out.set("X-ClickHouse-Query-Id", queryId);
        out.set("X-ClickHouse-Timezone", timezone);
        out.set("X-ClickHouse-Server-Display-Name", DISPLAY_NAME);
    }

    private int sendError(HttpExchange exchange, String queryId, Error error) throws IOException {
        Headers out = exchange.getResponseHeaders();
        commonHeaders(out, queryId);
        out.set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
        out.set("Content-Type", "text/plain; charset=UTF-8");
        byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
        drain(exchange);
        exchange.sendResponseHeaders(error.httpStatus(), body.length);
        try (OutputStream out2 = exchange.getResponseBody()) {
            out2.write(body);
        }
        return error.httpStatus();
    }

    private static int sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        drain(exchange);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return status;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    /** Reads what is left of the request body so that the connection can be reused. */
    private static void drain(HttpExchange exchange) {
        try {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the connection will be closed
        }
    }

    private static String summary(ChdbEngine.Stats s) {
        return "{\"read_rows\":\""
                + s.readRows()
                + "\",\"read_bytes\":\""
                + s.readBytes()
                + "\",\"written_rows\":\""
                + s.writtenRows()
                + "\",\"written_bytes\":\""
                + s.writtenBytes()
                + "\",\"total_rows_to_read\":\"0\",\"result_rows\":\""
                + s.resultRows()
                + "\",\"result_bytes\":\""
                + s.resultBytes()
                + "\",\"elapsed_ns\":\""
                + s.elapsedNanos()
                + "\"}";
    }

    static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8";
        }
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (f.startsWith("rowbinary")
                || f.startsWith("native")
                || f.startsWith("parquet")
                || f.startsWith("arrow")
                || f.startsWith("orc")
                || f.startsWith("avro")
                || f.startsWith("protobuf")
                || f.startsWith("msgpack")) {
            return "application/octet-stream";
        }
        return "text/plain; charset=UTF-8";
    }

    static Map<String, String> parseQueryString(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    /** The first bytes of a statement, printable (for the request log). */
    static String preview(byte[] query, int max) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(query.length, max);
        for (int i = 0; i < n; i++) {
            int b = query[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else if (b == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        if (query.length > max) {
            sb.append("… (").append(query.length).append(" bytes)");
        }
        return sb.toString();
    }

    static String quoteString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String quoteIdentifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
