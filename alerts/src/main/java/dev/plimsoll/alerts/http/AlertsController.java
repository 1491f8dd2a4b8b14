package dev.plimsoll.alerts.http;

import dev.plimsoll.alerts.history.AlertHistory;
import dev.plimsoll.alerts.rules.RuleNotFoundException;
import dev.plimsoll.core.alert.event.AlertEvent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The alert history: {@code /api/v1/alerts} (scope {@code read}). */
@Controller("/api/v1/alerts")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "alerts")
public final class AlertsController {

    private static final List<String> STATES = List.of("pending", "firing", "resolved");

    private final AlertHistory history;

    AlertsController(AlertHistory history) {
        this.history = history;
    }

    /**
     * Alerts active in {@code [from, to)} (default: the last 24 hours), newest first, optionally
     * only those whose current state is {@code state}: {@code
     * {"alerts":[{"id","rule","fingerprint",
     * "labels","state","value","threshold","startsAt","endsAt","suspectDeploys",…}]}}.
     *
     * @param state pending, firing or resolved
     * @param from RFC 3339, inclusive
     * @param to RFC 3339, exclusive
     */
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAlerts", summary = "List alerts")
    @ApiResponse(
            responseCode = "400",
            description = "invalid state, from or to",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> list(
            HttpRequest<?> request,
            @Nullable @QueryValue String state,
            @Nullable @QueryValue String from,
            @Nullable @QueryValue String to) {
        List<InvalidParameter> problems = new ArrayList<>();
        if (state != null && !STATES.contains(state)) {
            problems.add(
                    new InvalidParameter(
                            "state",
                            "must be pending, firing or resolved, but was '" + state + "'."));
        }
        Instant f = Json.instant("from", from, problems);
        Instant t = Json.instant("to", to, problems);
        Instant now = Instant.now();
        t = t == null ? now.plusSeconds(1) : t;
        f = f == null ? t.minus(Duration.ofDays(1)) : f;
        if (!f.isBefore(t)) {
            problems.add(new InvalidParameter("to", "must be after from."));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        ObjectNode o = Json.object();
        Json.time(o, "from", f);
        Json.time(o, "to", t);
        ArrayNode alerts = o.putArray("alerts");
        List<Map.Entry<String, List<AlertEvent>>> entries =
                new ArrayList<>(history.alerts(f, t, 1000).entrySet());
        java.util.Collections.reverse(entries);
        for (Map.Entry<String, List<AlertEvent>> e : entries) {
            List<AlertEvent> events = e.getValue();
            AlertEvent last = events.get(events.size() - 1);
            if (!AlertsKeyFilter.sees(request, last.labels().getOrDefault("tenant", ""))) {
                continue;
            }
            if (state == null || last.state().wireName().equals(state)) {
                alerts.add(Json.alert(events, false));
            }
        }
        return HttpResponse.ok(o.toString());
    }

    /** One alert with all its transitions. */
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getAlert", summary = "Get an alert and its transitions")
    @ApiResponse(
            responseCode = "404",
            description = "no such alert",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> get(HttpRequest<?> request, @PathVariable String id) {
        List<AlertEvent> events = history.alert(id);
        if (events.isEmpty()
                || !AlertsKeyFilter.sees(
                        request, events.get(0).labels().getOrDefault("tenant", ""))) {
            throw new RuleNotFoundException("alert", id);
        }
        return HttpResponse.ok(Json.alert(events, true).toString());
    }
}
