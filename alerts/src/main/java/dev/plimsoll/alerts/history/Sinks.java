package dev.plimsoll.alerts.history;

import dev.plimsoll.alerts.store.AlertTables;
import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.core.alert.event.AlertTopics;
import dev.plimsoll.core.telemetry.DeployMarker;
import dev.plimsoll.core.telemetry.DeployMarkerCodec;
import dev.plimsoll.core.telemetry.MalformedTelemetryException;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.telemetry.Validation;
import dev.plimsoll.read.clickhouse.ClickHouseGateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The two sinks of the module: alert events → {@code alert_events}, deploy markers → {@code
 * deploys}.
 */
public final class Sinks {

    private static final Logger LOG = LoggerFactory.getLogger(Sinks.class);

    private Sinks() {}

    /** {@code alerts.events.v1} → {@code alert_events}: the alert history. */
    public static TopicSink history(ClickHouseGateway gateway, String bootstrap, String groupId) {
        return new TopicSink(
                gateway,
                bootstrap,
                groupId,
                AlertTopics.EVENTS,
                "alert_events",
                "alert_id, event_id, rule_id, fingerprint, state, at, starts_at, tenant, service,"
                        + " payload, source_partition, source_offset",
                (r, p, params) -> {
                    AlertEvent e;
                    try {
                        e = AlertEventCodec.decode(r.value());
                    } catch (DecodingException ex) {
                        LOG.error(
                                "alert event at {}-{} is unreadable and not recorded: {}",
                                r.partition(),
                                r.offset(),
                                ex.getMessage());
                        return null;
                    }
                    params.put(p + "a", AlertTables.hex(e.alertId()));
                    params.put(p + "e", AlertTables.hex(e.eventId()));
                    params.put(p + "r", AlertTables.hex(e.ruleId()));
                    params.put(p + "f", AlertTables.hex(e.fingerprint()));
                    params.put(p + "s", e.state().wireName());
                    params.put(p + "at", e.at().toEpochMilli());
                    params.put(p + "st", e.startsAt().toEpochMilli());
                    params.put(p + "t", AlertTables.hex(e.labels().getOrDefault("tenant", "")));
                    params.put(p + "sv", AlertTables.hex(e.service() == null ? "" : e.service()));
                    params.put(
                            p + "pl",
                            AlertTables.hex(new String(r.value(), StandardCharsets.UTF_8)));
                    params.put(p + "pp", r.partition());
                    params.put(p + "po", r.offset());
                    return "SELECT unhex({"
                            + p
                            + "a:String}), unhex({"
                            + p
                            + "e:String}), unhex({"
                            + p
                            + "r:String}),"
                            + " unhex({"
                            + p
                            + "f:String}), {"
                            + p
                            + "s:String}, fromUnixTimestamp64Milli({"
                            + p
                            + "at:Int64}, 'UTC'),"
                            + " fromUnixTimestamp64Milli({"
                            + p
                            + "st:Int64}, 'UTC'), unhex({"
                            + p
                            + "t:String}),"
                            + " unhex({"
                            + p
                            + "sv:String}), unhex({"
                            + p
                            + "pl:String}), {"
                            + p
                            + "pp:UInt32}, {"
                            + p
                            + "po:UInt64}";
                });
    }

    /**
     * {@code telemetry.deploys.v1} → {@code deploys}: deploy markers for suspects and dashboards.
     */
    public static TopicSink deploys(ClickHouseGateway gateway, String bootstrap, String groupId) {
        DeployMarkerCodec codec = DeployMarkerCodec.create();
        return new TopicSink(
                gateway,
                bootstrap,
                groupId,
                TelemetryTopics.DEPLOYS,
                "deploys",
                "service, version, at, source_partition, source_offset",
                (r, p, params) -> {
                    DeployMarker m;
                    try {
                        Validation<DeployMarker> v = codec.decode(r.value());
                        if (!(v instanceof Validation.Accepted<DeployMarker> valid)) {
                            LOG.warn(
                                    "deploy marker at {}-{} is invalid and not stored: {}",
                                    r.partition(),
                                    r.offset(),
                                    v);
                            return null;
                        }
                        m = valid.value();
                    } catch (MalformedTelemetryException ex) {
                        LOG.warn(
                                "deploy marker at {}-{} is not JSON and not stored",
                                r.partition(),
                                r.offset());
                        return null;
                    }
                    params.put(p + "s", AlertTables.hex(m.service()));
                    params.put(p + "v", AlertTables.hex(m.version()));
                    params.put(
                            p + "at",
                            m.at().getEpochSecond() * 1_000_000 + m.at().getNano() / 1000);
                    params.put(p + "pp", r.partition());
                    params.put(p + "po", r.offset());
                    return "SELECT unhex({"
                            + p
                            + "s:String}), unhex({"
                            + p
                            + "v:String}),"
                            + " fromUnixTimestamp64Micro({"
                            + p
                            + "at:Int64}, 'UTC'), {"
                            + p
                            + "pp:UInt32}, {"
                            + p
                            + "po:UInt64}";
                });
    }
}
