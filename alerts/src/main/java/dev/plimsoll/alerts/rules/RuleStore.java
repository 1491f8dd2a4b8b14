package dev.plimsoll.alerts.rules;

import dev.plimsoll.alerts.AlertsSettings;
import dev.plimsoll.alerts.store.AlertTables;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;
import dev.plimsoll.core.alert.rule.RuleWriter;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All rules: those of the rule files (loaded at start, read-only through the API; a file rule
 * shadows an API rule of the same name) and those created through the API (ClickHouse table {@code
 * alert_rules}, read fresh on every call so that every replica sees the same rules).
 */
@Context
@Requires(property = "plimsoll.read.enabled", notEquals = "false")
public final class RuleStore {

    private static final Logger LOG = LoggerFactory.getLogger(RuleStore.class);

    private final AlertTables tables;
    private final Map<String, StoredRule> fileRules = new LinkedHashMap<>();
    private final Clock clock;

    public RuleStore(AlertTables tables, AlertsSettings settings) {
        this(tables, settings, Clock.systemUTC());
    }

    RuleStore(AlertTables tables, AlertsSettings settings, Clock clock) {
        this.tables = tables;
        this.clock = clock;
        RuleFiles.Loaded loaded = RuleFiles.load(settings.rulesDir());
        loaded.rules().forEach(r -> fileRules.put(r.rule().id(), r));
        loaded.problems().forEach(p -> LOG.error("rule file {} (rule skipped)", p));
        if (settings.rulesDir() != null) {
            LOG.info("loaded {} rule(s) from {}", fileRules.size(), settings.rulesDir());
        }
    }

    /** The rule file problems found at start (for health and tests). */
    public List<StoredRule> fileRules() {
        return List.copyOf(fileRules.values());
    }

    /** Every rule, sorted by id. */
    public List<StoredRule> all() {
        Map<String, StoredRule> out = new LinkedHashMap<>();
        for (AlertTables.Document d : tables.current(AlertTables.Table.RULES)) {
            parse(d).ifPresent(r -> out.put(r.rule().id(), r));
        }
        fileRules.forEach(out::put);
        List<StoredRule> list = new ArrayList<>(out.values());
        list.sort(Comparator.comparing(r -> r.rule().id()));
        return list;
    }

    public Optional<StoredRule> get(String id) {
        if (fileRules.containsKey(id)) {
            return Optional.of(fileRules.get(id));
        }
        return all().stream().filter(r -> r.rule().id().equals(id)).findFirst();
    }

    /**
     * Stores a new rule.
     *
     * @throws RuleConflictException when a rule of that name exists
     */
    public StoredRule create(Rule rule) {
        Optional<StoredRule> existing = get(rule.id());
        if (existing.isPresent()) {
            throw new RuleConflictException(
                    existing.get().fromFile()
                            ? "Rule '"
                                    + rule.id()
                                    + "' is defined in the rule file "
                                    + existing.get().file()
                                    + "; choose another name."
                            : "Rule '"
                                    + rule.id()
                                    + "' exists; replace it with PUT /api/v1/rules/"
                                    + rule.id()
                                    + ".");
        }
        return write(rule, 0);
    }

    /**
     * Replaces a rule created through the API.
     *
     * @throws RuleNotFoundException when there is none
     * @throws RuleConflictException when it is a file rule
     */
    public StoredRule replace(Rule rule) {
        StoredRule existing =
                get(rule.id()).orElseThrow(() -> new RuleNotFoundException(rule.id()));
        readOnlyCheck(existing);
        return write(rule, existing.version());
    }

    /** Deletes a rule created through the API. */
    public void delete(String id) {
        StoredRule existing = get(id).orElseThrow(() -> new RuleNotFoundException(id));
        readOnlyCheck(existing);
        tables.put(
                AlertTables.Table.RULES,
                id,
                nextVersion(existing.version()),
                null,
                clock.instant());
    }

    private static void readOnlyCheck(StoredRule existing) {
        if (existing.fromFile()) {
            throw new RuleConflictException(
                    "Rule '"
                            + existing.rule().id()
                            + "' is defined in the rule file "
                            + existing.file()
                            + " and is read-only through the API; edit the file and restart.");
        }
    }

    private StoredRule write(Rule rule, long previous) {
        long version = nextVersion(previous);
        Instant now = clock.instant();
        tables.put(AlertTables.Table.RULES, rule.id(), version, RuleWriter.toJson(rule), now);
        return new StoredRule(rule, "api", null, version);
    }

    private long nextVersion(long previous) {
        Instant now = clock.instant();
        return Math.max(previous + 1, now.getEpochSecond() * 1_000_000 + now.getNano() / 1000);
    }

    private static Optional<StoredRule> parse(AlertTables.Document d) {
        try {
            RuleParse p =
                    RuleParser.parse(
                            dev.plimsoll.core.alert.rule.RuleMappers.JSON.readTree(d.body()), "");
            if (p instanceof RuleParse.Parsed parsed) {
                return Optional.of(new StoredRule(parsed.rule(), "api", null, d.version()));
            }
            LOG.error(
                    "stored rule {} no longer parses and is ignored: {}",
                    d.id(),
                    ((RuleParse.Invalid) p).problems());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.error("stored rule {} is not JSON and is ignored", d.id(), e);
        }
        return Optional.empty();
    }
}
