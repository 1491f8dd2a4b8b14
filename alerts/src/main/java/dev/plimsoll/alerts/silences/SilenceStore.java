package dev.plimsoll.alerts.silences;

import dev.plimsoll.alerts.rules.RuleNotFoundException;
import dev.plimsoll.alerts.store.AlertTables;
import dev.plimsoll.core.alert.rule.RuleMappers;
import dev.plimsoll.core.alert.silence.Silence;
import dev.plimsoll.core.alert.silence.SilenceParser;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Silences (ClickHouse table {@code alert_silences}), read fresh so every replica agrees. */
@Singleton
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class SilenceStore {

    private static final Logger LOG = LoggerFactory.getLogger(SilenceStore.class);

    private final AlertTables tables;
    private final Clock clock = Clock.systemUTC();

    public SilenceStore(AlertTables tables) {
        this.tables = tables;
    }

    public List<Silence> all() {
        List<Silence> out = new ArrayList<>();
        for (AlertTables.Document d : tables.current(AlertTables.Table.SILENCES)) {
            try {
                SilenceParser.Parse p =
                        SilenceParser.fromStored(RuleMappers.JSON.readTree(d.body()));
                if (p instanceof SilenceParser.Parsed parsed) {
                    out.add(parsed.silence());
                } else {
                    LOG.error("stored silence {} no longer parses and is ignored", d.id());
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                LOG.error("stored silence {} is not JSON and is ignored", d.id(), e);
            }
        }
        return out;
    }

    public Optional<Silence> get(String id) {
        return all().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Silence put(Silence s) {
        tables.put(
                AlertTables.Table.SILENCES,
                s.id(),
                version(),
                SilenceParser.toTree(s).toString(),
                clock.instant());
        return s;
    }

    public void delete(String id) {
        get(id).orElseThrow(() -> new RuleNotFoundException("silence", id));
        tables.put(AlertTables.Table.SILENCES, id, version(), null, clock.instant());
    }

    private long version() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
