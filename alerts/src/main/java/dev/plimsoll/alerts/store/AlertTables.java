package dev.plimsoll.alerts.store;

import dev.plimsoll.read.clickhouse.ClickHouseGateway;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerting module's own tables (V0005): rules and silences managed through the API (versioned
 * documents, newest wins, read with {@code FINAL}). Written and read through the read side's {@link
 * ClickHouseGateway} — the process's one ClickHouse client, server-side parameters only.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class AlertTables {

    /** One stored document. */
    public record Document(String id, long version, String body, boolean deleted) {}

    private final ClickHouseGateway gateway;

    public AlertTables(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    public ClickHouseGateway gateway() {
        return gateway;
    }

    /**
     * Every current, undeleted document of {@code table} ({@code alert_rules} or {@code
     * alert_silences}).
     */
    public List<Document> current(Table table) {
        List<Document> out = new ArrayList<>();
        for (GenericRecord row :
                gateway.query(
                        "SELECT "
                                + table.idColumn
                                + " AS id, toUInt64(version) AS version, body, deleted FROM "
                                + table.name
                                + " FINAL WHERE deleted = 0 ORDER BY id",
                        Map.of())) {
            out.add(
                    new Document(
                            row.getString("id"),
                            row.getLong("version"),
                            row.getString("body"),
                            false));
        }
        return out;
    }

    /** Writes a new version of a document (a deletion when {@code body} is null). */
    public void put(Table table, String id, long version, String body, Instant at) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", hex(id));
        p.put("version", version);
        p.put("body", hex(body == null ? "" : body));
        p.put("deleted", body == null ? 1 : 0);
        p.put("at", at.toEpochMilli());
        gateway.query(
                "INSERT INTO "
                        + table.name
                        + " ("
                        + table.idColumn
                        + ", version, body, deleted, updated_at)"
                        + " SELECT unhex({id:String}), {version:UInt64}, unhex({body:String}),"
                        + " {deleted:UInt8}, fromUnixTimestamp64Milli({at:Int64}, 'UTC')",
                p);
    }

    /** The two document tables. */
    public enum Table {
        RULES("alert_rules", "rule_id"),
        SILENCES("alert_silences", "silence_id");

        private final String name;
        private final String idColumn;

        Table(String name, String idColumn) {
            this.name = name;
            this.idColumn = idColumn;
        }
    }

    /** Strings travel hex-encoded (see metrics-read's README: no escaping differences). */
    public static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
