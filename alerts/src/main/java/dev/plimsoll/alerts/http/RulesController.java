package dev.plimsoll.alerts.http;

import dev.plimsoll.alerts.AlertsSettings;
import dev.plimsoll.alerts.evaluate.Sources;
import dev.plimsoll.alerts.rules.RuleNotFoundException;
import dev.plimsoll.alerts.rules.RuleStore;
import dev.plimsoll.alerts.rules.StoredRule;
import dev.plimsoll.core.alert.eval.Backtest;
import dev.plimsoll.core.alert.eval.Ticks;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleMappers;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;
import dev.plimsoll.core.alert.rule.RuleWriter;
import dev.plimsoll.read.clickhouse.CostReader;
import dev.plimsoll.read.clickhouse.DeploysReader;
import dev.plimsoll.read.clickhouse.SliceReader;
import dev.plimsoll.read.clickhouse.UsersReader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Alert rules: {@code /api/v1/rules}. Bodies follow the rule schema (docs/alerts.md), the same as
 * rule files; every bad field is named in a 400 problem. Rules of rule files are read-only here
 * (409). Changing routes need scope {@code admin}; reading and backtesting {@code read}.
 */
@Controller("/api/v1/rules")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "alerts")
public final class RulesController {

    private final RuleStore store;
    private final Sources sources;
    private final DeploysReader deploys;
    private final AlertsSettings settings;
    private final Clock clock = Clock.systemUTC();

    RulesController(
            RuleStore store,
            SliceReader slices,
            UsersReader users,
            CostReader costs,
            DeploysReader deploys,
            AlertsSettings settings) {
        this.store = store;
        this.sources = new Sources(slices, users, costs);
        this.deploys = deploys;
        this.settings = settings;
    }

    /**
     * Every rule: those of rule files ({@code "source": "file"}) and those created here ({@code
     * "api"}).
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listRules", summary = "List alert rules")
    @ApiResponse(
            responseCode = "200",
            description =
                    "{\"rules\":[rule…]}; each rule in the rule schema with id, source, file,"
                            + " version")
    public HttpResponse<String> list(HttpRequest<?> request) {
        ObjectNode o = Json.object();
        ArrayNode rules = o.putArray("rules");
        for (StoredRule r : store.all()) {
            if (AlertsKeyFilter.sees(request, r.rule().selector().tenant())) {
                rules.add(body(r));
            }
        }
        return HttpResponse.ok(o.toString());
    }

    /** One rule. */
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getRule", summary = "Get an alert rule")
    @ApiResponse(
            responseCode = "404",
            description = "no such rule",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> get(HttpRequest<?> request, @PathVariable String id) {
        StoredRule r =
                store.get(id)
                        .filter(x -> AlertsKeyFilter.sees(request, x.rule().selector().tenant()))
                        .orElseThrow(() -> new RuleNotFoundException(id));
        return HttpResponse.ok(body(r).toString());
    }

    /** Creates a rule (scope admin); 201 with its normalized form (defaults filled in). */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "createRule", summary = "Create an alert rule")
    @ApiResponse(
            responseCode = "400",
            description = "invalid rule: every bad field in invalidParams",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description = "a rule of that name exists",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> create(HttpRequest<?> request, @Body String body) {
        Rule rule = parse(body);
        AlertsKeyFilter.requireTenant(request, rule.selector().tenant());
        StoredRule stored = store.create(rule);
        return HttpResponse.<String>created(URI.create("/api/v1/rules/" + rule.id()))
                .body(body(stored).toString());
    }

    /** Replaces a rule created through the API (scope admin); file rules are read-only (409). */
    @Put(
            uri = "/{id}",
            consumes = MediaType.APPLICATION_JSON,
            produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceRule", summary = "Replace an alert rule")
    @ApiResponse(
            responseCode = "409",
            description = "the rule is defined in a rule file (read-only here)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> replace(
            HttpRequest<?> request, @PathVariable String id, @Body String body) {
        Rule rule = parse(body);
        if (!rule.id().equals(id)) {
            throw InvalidRequestException.one(
                    "name",
                    "must be the rule's id '"
                            + id
                            + "' (a rule cannot be renamed; create a new one), but was '"
                            + rule.id()
                            + "'.");
        }
        StoredRule existing =
                store.get(id)
                        .filter(x -> AlertsKeyFilter.sees(request, x.rule().selector().tenant()))
                        .orElseThrow(() -> new RuleNotFoundException(id));
        AlertsKeyFilter.requireTenant(request, existing.rule().selector().tenant());
        AlertsKeyFilter.requireTenant(request, rule.selector().tenant());
        return HttpResponse.ok(body(store.replace(rule)).toString());
    }

    /** Deletes a rule created through the API (scope admin); its alerts resolve. */
    @Delete(uri = "/{id}")
    @Operation(operationId = "deleteRule", summary = "Delete an alert rule")
    public HttpResponse<Void> delete(HttpRequest<?> request, @PathVariable String id) {
        StoredRule existing =
                store.get(id)
                        .filter(x -> AlertsKeyFilter.sees(request, x.rule().selector().tenant()))
                        .orElseThrow(() -> new RuleNotFoundException(id));
        AlertsKeyFilter.requireTenant(request, existing.rule().selector().tenant());
        store.delete(id);
        return HttpResponse.noContent();
    }

    /**
     * What a rule would have done over stored data: {@code {"rule": {…}, "from": …, "to": …}} →
     * {@code {"transitions": [{"at","state","value","fingerprint",…}]}}.
     */
    @Post(
            uri = "/backtest",
            consumes = MediaType.APPLICATION_JSON,
            produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "backtestRule", summary = "Backtest an alert rule over stored data")
    @ApiResponse(
            responseCode = "400",
            description = "invalid rule, range, or too many evaluations",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> backtest(HttpRequest<?> request, @Body String body) {
        JsonNode node;
        try {
            node = RuleMappers.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvalidRequestException.one(
                    "body", "is not valid JSON: " + e.getOriginalMessage());
        }
        List<InvalidParameter> problems = new ArrayList<>();
        if (node == null || !node.isObject()) {
            throw InvalidRequestException.one(
                    "body", "must be {\"rule\": {…}, \"from\": …, \"to\": …}.");
        }
        Rule rule = null;
        if (!node.has("rule")) {
            problems.add(new InvalidParameter("rule", "is required."));
        } else {
            RuleParse p = RuleParser.parse(node.get("rule"), "rule");
            if (p instanceof RuleParse.Invalid invalid) {
                invalid.problems()
                        .forEach(x -> problems.add(new InvalidParameter(x.name(), x.reason())));
            } else {
                rule = ((RuleParse.Parsed) p).rule();
            }
        }
        node.fieldNames()
                .forEachRemaining(
                        f -> {
                            if (!List.of("rule", "from", "to").contains(f)) {
                                problems.add(new InvalidParameter(f, "is not a known field here."));
                            }
                        });
        Instant from =
                Json.instant(
                        "from",
                        node.path("from").isTextual() ? node.get("from").asText() : null,
                        problems);
        Instant to =
                Json.instant(
                        "to",
                        node.path("to").isTextual() ? node.get("to").asText() : null,
                        problems);
        if (!node.path("from").isTextual()) {
            problems.add(new InvalidParameter("from", "is required: an RFC 3339 time."));
        }
        if (!node.path("to").isTextual()) {
            problems.add(new InvalidParameter("to", "is required: an RFC 3339 time."));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add(new InvalidParameter("to", "must be after from."));
        }
        if (rule != null && from != null && to != null && from.isBefore(to)) {
            long n = Ticks.between(from, to, rule.evaluateEvery()).size();
            if (n > settings.backtestMaxEvaluations()) {
                Duration smallest =
                        Duration.between(from, to)
                                .dividedBy(settings.backtestMaxEvaluations())
                                .plusSeconds(1);
                problems.add(
                        new InvalidParameter(
                                "to",
                                "gives "
                                        + n
                                        + " evaluations at evaluateEvery "
                                        + dev.plimsoll.core.alert.rule.Durations.format(
                                                rule.evaluateEvery())
                                        + ", more than "
                                        + settings.backtestMaxEvaluations()
                                        + "; shorten the range or set evaluateEvery to at least "
                                        + dev.plimsoll.core.alert.rule.Durations.format(
                                                Duration.ofSeconds(smallest.toSeconds()))
                                        + "."));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        AlertsKeyFilter.requireTenant(request, rule.selector().tenant());
        // Only final minutes: a range reaching into the last minutes is cut where data is final.
        Instant finalEnd = clock.instant().minus(settings.finalizationDelay()).minusSeconds(60);
        if (to.isAfter(finalEnd)) {
            to = finalEnd;
            if (!from.isBefore(to)) {
                throw InvalidRequestException.one(
                        "from",
                        "must be before "
                                + finalEnd
                                + ": later minutes are not final yet (grace and settle).");
            }
        }
        Backtest.Report report =
                Backtest.run(
                        rule,
                        sources.open(rule, from, to),
                        from,
                        to,
                        Sources.suspects(deploys, 50));
        ObjectNode o = Json.object();
        o.put("rule", rule.name());
        Json.time(o, "from", from);
        Json.time(o, "to", to);
        o.put("evaluations", report.evaluations());
        ArrayNode t = o.putArray("transitions");
        for (Backtest.Transition tr : report.transitions()) {
            ObjectNode x = t.addObject();
            Json.time(x, "at", tr.at());
            x.put("state", tr.state().wireName());
            Json.decimal(x, "value", tr.value());
            x.put("fingerprint", tr.fingerprint());
            x.put("alertId", tr.alertId());
            x.put("condition", tr.condition());
            x.put("summary", tr.summary());
        }
        return HttpResponse.ok(o.toString());
    }

    private Rule parse(String body) {
        RuleParse p = RuleParser.parseJson(body == null ? "" : body);
        if (p instanceof RuleParse.Invalid invalid) {
            throw InvalidRequestException.of(invalid.problems());
        }
        return ((RuleParse.Parsed) p).rule();
    }

    private static ObjectNode body(StoredRule r) {
        ObjectNode o = Json.object();
        o.put("id", r.rule().id());
        o.put("source", r.source());
        if (r.file() != null) {
            o.put("file", r.file());
        }
        o.put("version", r.version());
        o.setAll(RuleWriter.toTree(r.rule()));
        return o;
    }
}
