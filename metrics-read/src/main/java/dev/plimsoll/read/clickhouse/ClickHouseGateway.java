package dev.plimsoll.read.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.TransportException;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query API's only door to ClickHouse: the official client-v2 over HTTP, with every value bound
 * as a server-side query parameter ({@code {name:Type}} placeholders, sent as {@code
 * param_<name>}). Failures become {@link ClickHouseUnavailableException} (retryable: 503) or {@link
 * QueryFailedException} (a bug or a missing schema: 500).
 *
 * <p>Why not JDBC: jdbc-v2's {@code PreparedStatement} substitutes literals into the SQL text on
 * the client (see the module README), and the rule here is server-side parameters only.
 */
@Context // a malformed plimsoll.clickhouse.url stops the start; building connects nothing yet
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class ClickHouseGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseGateway.class);

    /** Server error codes that mean "try again later" rather than "this query is wrong". */
    private static final Set<Integer> TRANSIENT_CODES =
            Set.of(
                    159, // TIMEOUT_EXCEEDED
                    160, // TOO_SLOW
                    202, // TOO_MANY_SIMULTANEOUS_QUERIES
                    203, // NO_FREE_CONNECTION
                    209, // SOCKET_TIMEOUT
                    210, // NETWORK_ERROR
                    241, // MEMORY_LIMIT_EXCEEDED
                    394); // QUERY_WAS_CANCELLED

    private static final long HEALTH_TIMEOUT_MILLIS = 3_000;

    private final Client client;
    private final ClickHouseUrl url;
    private final long queryTimeoutSeconds;

    public ClickHouseGateway(ClickHouseSettings settings) {
        this.url = ClickHouseUrl.parse(settings.url());
        Map<String, String> options = url.options();
        String user =
                settings.username() != null
                        ? settings.username()
                        : options.getOrDefault("user", "default");
        String password =
                settings.password() != null
                        ? settings.password()
                        : options.getOrDefault("password", "");
        boolean compress = !"false".equalsIgnoreCase(options.getOrDefault("compress", "true"));
        this.queryTimeoutSeconds = Math.max(1, settings.queryTimeout().toSeconds());
        this.client =
                new Client.Builder()
                        .addEndpoint(url.endpoint())
                        .setUsername(user)
                        .setPassword(password)
                        .setDefaultDatabase(url.database())
                        .compressServerResponse(compress)
                        .compressClientRequest(false)
                        .setConnectTimeout(settings.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                        // The socket waits a little longer than the server's own limit, so that
                        // the server's clearer TIMEOUT_EXCEEDED error normally arrives first.
                        .setSocketTimeout(
                                settings.queryTimeout().toMillis() + 5_000, ChronoUnit.MILLIS)
                        .serverSetting("max_execution_time", Long.toString(queryTimeoutSeconds))
                        .setClientName("plimsoll-query-api")
                        .setSocketTcpNodelay(true)
                        .build();
        LOG.info("Query API reads ClickHouse at {} database {}", url.hostAndPort(), url.database());
    }

    /** Where this gateway points, without credentials. */
    public ClickHouseUrl url() {
        return url;
    }

    /**
     * Runs {@code sql} with server-side {@code parameters} and returns all rows.
     *
     * @throws ClickHouseUnavailableException when ClickHouse cannot be reached or is overloaded
     * @throws QueryFailedException when ClickHouse rejects the query
     */
    public List<GenericRecord> query(String sql, Map<String, Object> parameters) {
        try {
            return client.queryAll(sql, parameters, new QuerySettings());
        } catch (RuntimeException e) {
            // client-v2 wraps server errors in ClientException("Failed to get query response").
            ServerException server = find(e, ServerException.class);
            if (server != null) {
                if (TRANSIENT_CODES.contains(server.getCode())) {
                    throw new ClickHouseUnavailableException(
                            "ClickHouse could not answer now (error " + server.getCode() + ").", e);
                }
                throw new QueryFailedException(
                        "ClickHouse rejected a query (error " + server.getCode() + ").", e);
            }
            if (isConnectivity(e)) {
                throw new ClickHouseUnavailableException(
                        "ClickHouse at " + url.hostAndPort() + " is unreachable.", e);
            }
            throw new QueryFailedException("A ClickHouse query failed in the client.", e);
        }
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * The server's version, asked with a short network timeout: the health check.
     *
     * @throws ClickHouseUnavailableException when ClickHouse does not answer
     */
    public String serverVersion() {
        QuerySettings settings = new QuerySettings();
        settings.setNetworkTimeout(HEALTH_TIMEOUT_MILLIS, ChronoUnit.MILLIS);
        try {
            List<GenericRecord> rows =
                    client.queryAll("SELECT version() AS version", Map.of(), settings);
            return rows.get(0).getString("version");
        } catch (RuntimeException e) {
            throw new ClickHouseUnavailableException(
                    "ClickHouse at " + url.hostAndPort() + " does not answer: " + rootMessage(e),
                    e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static boolean isConnectivity(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectionInitiationException
                    || t instanceof TransportException
                    || t instanceof IOException
                    || t instanceof InterruptedIOException) {
                return true;
            }
            if (t instanceof ClientException && t.getCause() == null) {
                // client-v2 reports some connection failures as a bare ClientException.
                String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("connect") || message.contains("timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    @PreDestroy
    @Override
    public void close() {
        client.close();
    }
}
