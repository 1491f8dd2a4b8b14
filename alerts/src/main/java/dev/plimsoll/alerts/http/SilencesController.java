package dev.plimsoll.alerts.http;

import dev.plimsoll.alerts.rules.RuleNotFoundException;
import dev.plimsoll.alerts.silences.SilenceStore;
import dev.plimsoll.core.alert.silence.Silence;
import dev.plimsoll.core.alert.silence.SilenceParser;

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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * Silences: {@code /api/v1/silences}. Matchers on alert labels ({@code =}, {@code !=}, {@code =~},
 * {@code !~}) with a start and end, or a recurring weekly window in a time zone. A silenced alert
 * still changes state and is recorded; its events carry {@code silenced} and are not notified.
 * Creating and deleting need scope {@code admin}.
 */
@Controller("/api/v1/silences")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "alerts")
public final class SilencesController {

    private final SilenceStore store;

    SilencesController(SilenceStore store) {
        this.store = store;
    }

    /** Every silence, with {@code active} (whether it mutes anything now). */
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listSilences", summary = "List silences")
    public HttpResponse<String> list() {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("silences");
        Instant now = Instant.now();
        for (Silence s : store.all()) {
            a.add(
                    SilenceParser.toTree(s)
                            .put("active", s.activeAt(now))
                            .put("expired", s.expiredAt(now)));
        }
        return HttpResponse.ok(o.toString());
    }

    /** One silence. */
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSilence", summary = "Get a silence")
    public HttpResponse<String> get(@PathVariable String id) {
        Silence s = store.get(id).orElseThrow(() -> new RuleNotFoundException("silence", id));
        return HttpResponse.ok(
                SilenceParser.toTree(s).put("active", s.activeAt(Instant.now())).toString());
    }

    /** Creates a silence (scope admin); 201 with its id. */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "createSilence", summary = "Create a silence")
    @ApiResponse(
            responseCode = "400",
            description = "every bad field in invalidParams",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    public HttpResponse<String> create(HttpRequest<?> request, @Body String body) {
        SilenceParser.Parse p =
                SilenceParser.parseJson(
                        body == null ? "" : body, UUID.randomUUID().toString(), Instant.now());
        if (p instanceof SilenceParser.Invalid invalid) {
            throw InvalidRequestException.of(invalid.problems());
        }
        Silence s = store.put(((SilenceParser.Parsed) p).silence());
        return HttpResponse.<String>created(URI.create("/api/v1/silences/" + s.id()))
                .body(SilenceParser.toTree(s).toString());
    }

    /** Deletes (expires) a silence (scope admin). */
    @Delete(uri = "/{id}")
    @Operation(operationId = "deleteSilence", summary = "Delete a silence")
    public HttpResponse<Void> delete(@PathVariable String id) {
        store.delete(id);
        return HttpResponse.noContent();
    }
}
