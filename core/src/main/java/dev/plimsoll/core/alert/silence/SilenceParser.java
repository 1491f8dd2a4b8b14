package dev.plimsoll.core.alert.silence;

import dev.plimsoll.core.alert.rule.NodeReader;
import dev.plimsoll.core.alert.rule.RuleMappers;
import dev.plimsoll.core.alert.rule.RuleProblem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and writes silences (JSON), reporting every bad field by its path. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * {"matchers":[{"name":"service","op":"=","value":"checkout"}],
 *  "startsAt":"2026-03-01T22:00:00Z","endsAt":"2026-03-02T02:00:00Z",
 *  "comment":"database upgrade","createdBy":"ops"}
 * {"matchers":[{"name":"team","op":"=~","value":"pay.*"}],
 *  "weekly":{"days":["sat","sun"],"start":"02:00","end":"04:00","timeZone":"Europe/Berlin"}}
 * }</pre>
 */
public final class SilenceParser {

    private static final List<String> DAYS =
            List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern LOCAL_TIME = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    /** The outcome of parsing a silence. */
    public sealed interface Parse permits Parsed, Invalid {}

    /** An accepted silence. */
    public record Parsed(Silence silence) implements Parse {}

    /** A refused one, with every problem. */
    public record Invalid(List<RuleProblem> problems) implements Parse {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    private SilenceParser() {}

    /** Parses JSON text; {@code id} and {@code createdAt} come from the server. */
    public static Parse parseJson(String json, String id, Instant createdAt) {
        JsonNode node;
        try {
            node = RuleMappers.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return new Invalid(
                    List.of(
                            new RuleProblem(
                                    "body", "is not valid JSON: " + e.getOriginalMessage())));
        }
        return parse(node, id, createdAt);
    }

    /** Parses a JSON tree. */
    public static Parse parse(JsonNode node, String id, Instant createdAt) {
        List<RuleProblem> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return new Invalid(List.of(new RuleProblem("body", "must be a JSON object.")));
        }
        NodeReader r = new NodeReader(node, "", problems);
        List<Matcher> matchers = new ArrayList<>();
        Optional<JsonNode> ms = r.raw("matchers");
        if (ms.isEmpty() || !ms.get().isArray() || ms.get().isEmpty() || ms.get().size() > 32) {
            r.problem("matchers", "must be an array of 1 to 32 matchers {name, op, value}.");
        } else {
            for (int i = 0; i < ms.get().size(); i++) {
                matcher(ms.get().get(i), "matchers[" + i + "]", problems).ifPresent(matchers::add);
            }
        }
        Optional<Instant> startsAt = instant(r, "startsAt");
        Optional<Instant> endsAt = instant(r, "endsAt");
        WeeklyWindow weekly = null;
        if (r.has("weekly")) {
            weekly = weekly(r.raw("weekly").get(), problems).orElse(null);
        } else if (!r.has("endsAt")) {
            r.problem("endsAt", "is required unless the silence has a weekly window.");
        }
        if (startsAt.isPresent() && endsAt.isPresent() && !endsAt.get().isAfter(startsAt.get())) {
            r.problem("endsAt", "must be after startsAt.");
        }
        String comment = r.optionalString("comment", 1024).orElse("");
        String createdBy = r.optionalString("createdBy", 256).orElse("");
        r.rejectUnknown();
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        Instant start = startsAt.orElse(weekly == null ? createdAt : null);
        return new Parsed(
                new Silence(
                        id,
                        matchers,
                        start,
                        endsAt.orElse(null),
                        weekly,
                        comment,
                        createdBy,
                        createdAt));
    }

    private static Optional<Matcher> matcher(
            JsonNode node, String path, List<RuleProblem> problems) {
        if (!node.isObject()) {
            problems.add(new RuleProblem(path, "must be an object {name, op, value}."));
            return Optional.empty();
        }
        int before = problems.size();
        NodeReader r = new NodeReader(node, path, problems);
        Optional<String> name = r.requiredString("name", 128);
        String opText = r.string("op").orElse("=");
        Matcher.Op op = Matcher.Op.of(opText);
        if (op == null) {
            r.problem("op", "must be one of =, !=, =~, !~, but was '" + opText + "'.");
        }
        Optional<String> value =
                r.has("value") ? r.optionalString("value", 1024) : Optional.empty();
        if (!r.has("value")) {
            r.problem("value", "is required.");
        }
        if (value.isPresent() && (op == Matcher.Op.REGEX || op == Matcher.Op.NOT_REGEX)) {
            try {
                Pattern.compile(value.get());
            } catch (PatternSyntaxException e) {
                r.problem(
                        "value", "is not a valid regular expression: " + e.getDescription() + ".");
            }
        }
        r.rejectUnknown();
        if (problems.size() > before || name.isEmpty() || value.isEmpty() || op == null) {
            return Optional.empty();
        }
        return Optional.of(new Matcher(name.get(), op, value.get()));
    }

    private static Optional<WeeklyWindow> weekly(JsonNode node, List<RuleProblem> problems) {
        if (!node.isObject()) {
            problems.add(
                    new RuleProblem("weekly", "must be an object {days, start, end, timeZone}."));
            return Optional.empty();
        }
        int before = problems.size();
        NodeReader r = new NodeReader(node, "weekly", problems);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> dayNames =
                r.stringList(
                        "days",
                        7,
                        d ->
                                DAYS.contains(d.toLowerCase(Locale.ROOT))
                                        ? null
                                        : "must be one of mon, tue, wed, thu, fri, sat, sun, but"
                                                + " was '"
                                                + d
                                                + "'.");
        for (String d : dayNames) {
            days.add(DayOfWeek.of(DAYS.indexOf(d.toLowerCase(Locale.ROOT)) + 1));
        }
        if (!r.has("days")) {
            r.problem(
                    "days", "is required: the days the window starts on, e.g. [\"sat\", \"sun\"].");
        }
        Optional<LocalTime> start = localTime(r, "start");
        Optional<LocalTime> end = localTime(r, "end");
        Optional<ZoneId> zone = Optional.empty();
        Optional<String> zoneName = r.requiredString("timeZone", 64);
        if (zoneName.isPresent()) {
            try {
                zone = Optional.of(ZoneId.of(zoneName.get()));
            } catch (DateTimeException e) {
                r.problem(
                        "timeZone",
                        "must be a time zone such as Europe/Berlin or UTC, but was '"
                                + zoneName.get()
                                + "'.");
            }
        }
        if (start.isPresent() && end.isPresent() && start.get().equals(end.get())) {
            r.problem("end", "must differ from start.");
        }
        r.rejectUnknown();
        if (problems.size() > before
                || days.isEmpty()
                || start.isEmpty()
                || end.isEmpty()
                || zone.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WeeklyWindow(days, start.get(), end.get(), zone.get()));
    }

    private static Optional<LocalTime> localTime(NodeReader r, String field) {
        Optional<String> s = r.requiredString(field, 5);
        if (s.isPresent() && !LOCAL_TIME.matcher(s.get()).matches()) {
            r.problem(
                    field, "must be a local time HH:MM, such as 02:00, but was '" + s.get() + "'.");
            return Optional.empty();
        }
        return s.map(LocalTime::parse);
    }

    private static Optional<Instant> instant(NodeReader r, String field) {
        Optional<String> s = r.string(field);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(s.get()).toInstant());
        } catch (DateTimeParseException e) {
            r.problem(
                    field,
                    "must be an RFC 3339 time such as 2026-03-01T22:00:00Z, but was '"
                            + s.get()
                            + "'.");
            return Optional.empty();
        }
    }

    /** The silence as JSON, with its server-side fields ({@code id}, {@code createdAt}). */
    public static ObjectNode toTree(Silence s) {
        ObjectNode o = RuleMappers.JSON.createObjectNode();
        o.put("id", s.id());
        ArrayNode ms = o.putArray("matchers");
        for (Matcher m : s.matchers()) {
            ms.addObject().put("name", m.name()).put("op", m.op().symbol()).put("value", m.value());
        }
        o.put("startsAt", s.startsAt() == null ? null : s.startsAt().toString());
        o.put("endsAt", s.endsAt() == null ? null : s.endsAt().toString());
        if (s.weekly() != null) {
            ObjectNode w = o.putObject("weekly");
            ArrayNode days = w.putArray("days");
            s.weekly().days().stream().sorted().forEach(d -> days.add(DAYS.get(d.getValue() - 1)));
            w.put("start", s.weekly().start().toString());
            w.put("end", s.weekly().end().toString());
            w.put("timeZone", s.weekly().zone().getId());
        }
        o.put("comment", s.comment());
        o.put("createdBy", s.createdBy());
        o.put("createdAt", s.createdAt().toString());
        return o;
    }

    /** Reads back what {@link #toTree} wrote (the stored form). */
    public static Parse fromStored(JsonNode node) {
        ObjectNode copy = node.deepCopy();
        String id = copy.path("id").asText();
        Instant createdAt = Instant.parse(copy.path("createdAt").asText());
        copy.remove(List.of("id", "createdAt"));
        if (copy.path("startsAt").isNull()) {
            copy.remove("startsAt");
        }
        if (copy.path("endsAt").isNull()) {
            copy.remove("endsAt");
        }
        return parse(copy, id, createdAt);
    }
}
