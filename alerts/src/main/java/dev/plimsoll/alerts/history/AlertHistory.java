package dev.plimsoll.alerts.history;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.read.clickhouse.ClickHouseGateway;

import com.clickhouse.client.api.query.GenericRecord;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the alert history ({@code alert_events FINAL}): alerts as their events grouped by alert id.
 */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class AlertHistory {

    private final ClickHouseGateway gateway;

    public AlertHistory(ClickHouseGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * The events of every alert active in {@code [from, to)} (began before {@code to}, had an event
     * at or after {@code from}), oldest event first, grouped by alert id in order of their start.
     */
    public Map<String, List<AlertEvent>> alerts(Instant from, Instant to, int limit) {
        String sql =
                "SELECT alert_id, payload FROM alert_events FINAL WHERE alert_id IN ("
                        + "SELECT alert_id FROM alert_events FINAL GROUP BY alert_id"
                        + " HAVING min(starts_at) < fromUnixTimestamp64Milli({to:Int64}, 'UTC')"
                        + " AND max(at) >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')"
                        + " ORDER BY min(starts_at) DESC LIMIT {limit:Int64})"
                        + " ORDER BY starts_at, alert_id, at, event_id";
        return group(
                gateway.query(
                        sql,
                        Map.of(
                                "from",
                                from.toEpochMilli(),
                                "to",
                                to.toEpochMilli(),
                                "limit",
                                limit)));
    }

    /** The events of one alert, oldest first (empty when unknown). */
    public List<AlertEvent> alert(String alertId) {
        Map<String, List<AlertEvent>> m =
                group(
                        gateway.query(
                                "SELECT alert_id, payload FROM alert_events FINAL WHERE alert_id ="
                                        + " unhex({id:String}) ORDER BY at, event_id",
                                Map.of("id", dev.plimsoll.alerts.store.AlertTables.hex(alertId))));
        return m.getOrDefault(alertId, List.of());
    }

    private static Map<String, List<AlertEvent>> group(List<GenericRecord> rows) {
        Map<String, List<AlertEvent>> out = new LinkedHashMap<>();
        for (GenericRecord row : rows) {
            try {
                AlertEvent e =
                        AlertEventCodec.decode(
                                row.getString("payload").getBytes(StandardCharsets.UTF_8));
                out.computeIfAbsent(row.getString("alert_id"), k -> new ArrayList<>()).add(e);
            } catch (DecodingException ex) {
                throw new IllegalStateException("a stored alert event does not decode", ex);
            }
        }
        out.values()
                .forEach(
                        list ->
                                list.sort(
                                        (a, b) -> {
                                            int c = a.at().compareTo(b.at());
                                            return c != 0 ? c : Integer.compare(seq(a), seq(b));
                                        }));
        return out;
    }

    private static int seq(AlertEvent e) {
        String id = e.eventId();
        try {
            return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
        } catch (RuntimeException ex) {
            return 0;
        }
    }
}
