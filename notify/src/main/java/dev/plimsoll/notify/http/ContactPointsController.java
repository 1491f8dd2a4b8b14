package dev.plimsoll.notify.http;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.contact.ContactPointDraft;
import dev.plimsoll.notify.contact.ContactPointValidator;
import dev.plimsoll.notify.contact.FieldProblem;
import dev.plimsoll.notify.contact.Grouping;
import dev.plimsoll.notify.delivery.Attempt;
import dev.plimsoll.notify.delivery.DeliveryRecord;
import dev.plimsoll.notify.delivery.DeliveryStatus;
import dev.plimsoll.notify.format.Verdict;
import dev.plimsoll.notify.kafka.ContactPointRegistry;
import dev.plimsoll.notify.kafka.DeliveryLog;
import dev.plimsoll.notify.model.Notification;
import dev.plimsoll.notify.model.NotificationStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
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
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/contact-points}: create, list, read, replace and delete contact points, and send a
 * test message. URLs and secrets are accepted but never returned (masked) and never logged.
 */
@Controller("/api/v1/contact-points")
@Requires(property = "plimsoll.api.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "notify")
public class ContactPointsController {

    private static final Logger LOG = LoggerFactory.getLogger(ContactPointsController.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContactPointRegistry registry;
    private final ContactPointValidator validator;
    private final Grouping defaults;
    private final Attempt attempt;
    private final DeliveryLog log;
    private final Clock clock;

    ContactPointsController(
            ContactPointRegistry registry,
            ContactPointValidator validator,
            Grouping defaults,
            Attempt attempt,
            DeliveryLog log,
            Clock clock) {
        this.registry = registry;
        this.validator = validator;
        this.defaults = defaults;
        this.attempt = attempt;
        this.log = log;
        this.clock = clock;
    }

    @Get
    @Operation(
            operationId = "listContactPoints",
            summary = "List contact points",
            description =
                    "Every contact point, from the contact points file (origin file) and created"
                            + " here (origin api); URLs and secrets masked.")
    public ContactPointView.ListView list() {
        return new ContactPointView.ListView(
                registry.all().stream()
                        .map(cp -> ContactPointView.of(cp, defaults, null))
                        .toList());
    }

    @Get("/{name}")
    @Operation(
            operationId = "getContactPoint",
            summary = "Get a contact point",
            description = "One contact point; URL and secret masked.")
    @ProblemResponses.UnknownContactPoint
    public ContactPointView one(@PathVariable String name) {
        return ContactPointView.of(existing(name), defaults, null);
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "createContactPoint",
            summary = "Create a contact point",
            description =
                    "Validates the contact point (including the SSRF guard on its URL) and stores"
                            + " it. A webhook contact point without a secret gets a generated one,"
                            + " shown once in generatedSecret.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContactPointRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "slack",
                                            value =
                                                    "{\"name\":\"team-slack\",\"type\":\"slack\","
                                                        + "\"url\":\"https://hooks.slack.com/services/T000/B000/XXXX\","
                                                        + "\"grouping\":{\"groupBy\":[\"rule\",\"service\"],"
                                                        + "\"groupWait\":\"30s\"},\"sendResolved\":true}")))
    @ApiResponse(
            responseCode = "201",
            description = "created; URL and secret masked",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContactPointView.class)))
    @ApiResponse(
            responseCode = "400",
            description =
                    "invalid-contact-point: every bad field (a refused URL, a grouping of a"
                            + " webhook, …) in invalidParams",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description =
                    "contact-point-exists: a contact point of that name exists (PUT replaces it)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ProblemResponses.KafkaUnavailable
    public HttpResponse<ContactPointView> create(@Body @Nullable String body) {
        ContactPointDraft d = draft(body, null);
        if (d.name() != null && registry.find(d.name()).isPresent()) {
            throw new ProblemException(
                    Problem.of(
                            409,
                            "contact-point-exists",
                            "Contact point exists",
                            "contact point '"
                                    + d.name()
                                    + "' already exists; PUT /api/v1/contact-points/"
                                    + d.name()
                                    + " replaces it"));
        }
        ContactPointValidator.Result.Valid v = validate(d, null);
        registry.put(v.contactPoint());
        LOG.info("Contact point '{}' ({}) created", d.name(), v.contactPoint().type().id());
        return HttpResponse.created(
                ContactPointView.of(
                        v.contactPoint(),
                        defaults,
                        v.secretGenerated() ? v.contactPoint().secret() : null));
    }

    @Put("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "replaceContactPoint",
            summary = "Create or replace a contact point",
            description =
                    "Replaces the contact point of that name, or creates it. url and secret may be"
                            + " omitted to keep the stored ones (same type); a name in the body"
                            + " must equal the path's.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContactPointRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "webhook",
                                            value =
                                                    "{\"type\":\"webhook\","
                                                        + "\"url\":\"https://alerts.example.com/plimsoll\"}")))
    @ApiResponse(
            responseCode = "200",
            description = "replaced; URL and secret masked",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContactPointView.class)))
    @ApiResponse(
            responseCode = "201",
            description = "created; URL and secret masked",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContactPointView.class)))
    @ApiResponse(
            responseCode = "400",
            description =
                    "invalid-contact-point: every bad field (a refused URL, a grouping of a"
                            + " webhook, …) in invalidParams",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ProblemResponses.ReadOnlyContactPoint
    @ProblemResponses.KafkaUnavailable
    public HttpResponse<ContactPointView> replace(
            @PathVariable String name, @Body @Nullable String body) {
        ContactPoint current = registry.find(name).orElse(null);
        if (current != null && current.origin() == ContactPoint.Origin.FILE) {
            throw readOnly(name);
        }
        ContactPointDraft d = draft(body, name);
        if (d.name() != null && !d.name().equals(name)) {
            throw invalid(
                    "invalid-contact-point",
                    "Invalid contact point",
                    List.of(
                            new Problem.InvalidParam(
                                    "name",
                                    "must equal the name in the path ('"
                                            + name
                                            + "'); renaming is delete and create")));
        }
        ContactPointDraft named =
                new ContactPointDraft(
                        name,
                        d.type(),
                        d.url(),
                        d.secret(),
                        d.groupBy(),
                        d.groupWait(),
                        d.groupInterval(),
                        d.repeatInterval(),
                        d.sendResolved());
        ContactPointValidator.Result.Valid v =
                validate(
                        named,
                        current != null && current.type().id().equals(named.type())
                                ? current
                                : null);
        registry.put(v.contactPoint());
        LOG.info("Contact point '{}' ({}) stored", name, v.contactPoint().type().id());
        ContactPointView view =
                ContactPointView.of(
                        v.contactPoint(),
                        defaults,
                        v.secretGenerated() ? v.contactPoint().secret() : null);
        return current == null ? HttpResponse.created(view) : HttpResponse.ok(view);
    }

    @Delete("/{name}")
    @Operation(operationId = "deleteContactPoint", summary = "Delete a contact point")
    @ApiResponse(responseCode = "204", description = "deleted")
    @ProblemResponses.UnknownContactPoint
    @ProblemResponses.ReadOnlyContactPoint
    @ProblemResponses.KafkaUnavailable
    public HttpResponse<Void> delete(@PathVariable String name) {
        ContactPoint current = existing(name);
        if (current.origin() == ContactPoint.Origin.FILE) {
            throw readOnly(name);
        }
        registry.delete(name);
        LOG.info("Contact point '{}' deleted", name);
        return HttpResponse.noContent();
    }

    /**
     * Sends one test message now (one attempt, no retry) and records it in the delivery log: 200
     * when the receiver accepted it, 502 with the reason otherwise.
     */
    @Post("/{name}/test")
    @Operation(
            operationId = "testContactPoint",
            summary = "Send a test message to a contact point",
            description =
                    "One test message now, one attempt, no retry; recorded in the delivery log"
                            + " with test true.")
    @ApiResponse(
            responseCode = "200",
            description = "the receiver accepted the message",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ContactPointView.TestResult.class)))
    @ProblemResponses.UnknownContactPoint
    @ApiResponse(
            responseCode = "502",
            description =
                    "test-delivery-failed: the receiver refused the message or could not be"
                            + " reached; detail names the reason, responseCode its HTTP status",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class)))
    @ProblemResponses.KafkaUnavailable
    public HttpResponse<?> test(@PathVariable String name) {
        ContactPoint cp = existing(name);
        Instant now = clock.instant();
        String id = "test-" + UUID.randomUUID();
        AlertEvent e =
                new AlertEvent(
                        id,
                        "test-alert-" + id.substring(5),
                        "plimsoll-test",
                        "plimsoll-test",
                        "0000000000000000",
                        AlertState.FIRING,
                        AlertState.PENDING,
                        now,
                        now,
                        null,
                        Map.of("service", "plimsoll-test"),
                        Map.of(),
                        "latency.p95",
                        "plimsoll-test",
                        "threshold",
                        new BigDecimal("312.4"),
                        "ms",
                        new BigDecimal("300"),
                        null,
                        new BigDecimal("0.01"),
                        new BigDecimal("-4.13"),
                        List.of(),
                        List.of(name),
                        "Test message from Plimsoll: contact point '" + name + "' works.");
        Notification n =
                new Notification(
                        id,
                        name,
                        "test",
                        Map.of(),
                        NotificationStatus.FIRING,
                        List.of(e),
                        List.of(),
                        now,
                        true);
        Attempt.Outcome outcome = attempt.run(n, cp, now);
        boolean delivered = outcome.verdict() instanceof Verdict.Delivered;
        String reason =
                outcome.verdict() instanceof Verdict.Retry r
                        ? r.reason()
                        : outcome.verdict() instanceof Verdict.Fail f ? f.reason() : null;
        DeliveryRecord record =
                new DeliveryRecord(
                        DeliveryRecord.idOf(name, id),
                        id,
                        name,
                        cp.type().id(),
                        delivered ? DeliveryStatus.DELIVERED : DeliveryStatus.DEAD,
                        1,
                        reason,
                        outcome.responseCode(),
                        now,
                        clock.instant(),
                        null,
                        "firing",
                        true,
                        List.of(
                                new DeliveryRecord.AlertRef(
                                        e.alertId(), e.eventId(), e.rule(), "firing")),
                        0,
                        null,
                        null);
        log.write(record);
        LOG.info(
                "Test message to contact point '{}': {}",
                name,
                delivered ? "delivered" : "failed: " + reason);
        if (delivered) {
            return HttpResponse.ok(
                    new ContactPointView.TestResult(true, id, outcome.responseCode(), record.id()));
        }
        Problem p =
                new Problem(
                        "urn:plimsoll:problem:test-delivery-failed",
                        "Test message not delivered",
                        502,
                        reason,
                        null,
                        null,
                        outcome.responseCode());
        throw new ProblemException(p);
    }

    private ContactPoint existing(String name) {
        return registry.find(name)
                .orElseThrow(
                        () ->
                                new ProblemException(
                                        Problem.of(
                                                404,
                                                "unknown-contact-point",
                                                "Unknown contact point",
                                                "no contact point '" + name + "'")));
    }

    private static ProblemException readOnly(String name) {
        return new ProblemException(
                Problem.of(
                        409,
                        "read-only-contact-point",
                        "Contact point defined in a file",
                        "contact point '"
                                + name
                                + "' is defined in plimsoll.notify.contact-points-file; change it"
                                + " there"));
    }

    private ContactPointValidator.Result.Valid validate(ContactPointDraft d, ContactPoint current) {
        ContactPointValidator.Result r = validator.validate(d, current, ContactPoint.Origin.API);
        if (r instanceof ContactPointValidator.Result.Invalid invalid) {
            List<Problem.InvalidParam> params = new ArrayList<>();
            for (FieldProblem p : invalid.problems()) {
                params.add(new Problem.InvalidParam(p.name(), p.reason()));
            }
            throw invalid("invalid-contact-point", "Invalid contact point", params);
        }
        return (ContactPointValidator.Result.Valid) r;
    }

    static ProblemException invalid(String kind, String title, List<Problem.InvalidParam> params) {
        String detail =
                params.stream()
                        .map(p -> p.name() + " " + p.reason())
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("");
        return new ProblemException(
                new Problem(
                        "urn:plimsoll:problem:" + kind, title, 400, detail, null, params, null));
    }

    /** The body as a draft; type errors are reported by field, like validation problems. */
    private static ContactPointDraft draft(String body, String pathName) {
        if (body == null || body.isBlank()) {
            throw invalid(
                    "invalid-contact-point",
                    "Invalid contact point",
                    List.of(new Problem.InvalidParam("body", "is required: a JSON object")));
        }
        JsonNode o;
        try {
            o = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid(
                    "invalid-contact-point",
                    "Invalid contact point",
                    List.of(
                            new Problem.InvalidParam(
                                    "body",
                                    "is not valid JSON (line "
                                            + e.getLocation().getLineNr()
                                            + ", column "
                                            + e.getLocation().getColumnNr()
                                            + ")")));
        }
        if (o == null || !o.isObject()) {
            throw invalid(
                    "invalid-contact-point",
                    "Invalid contact point",
                    List.of(new Problem.InvalidParam("body", "must be a JSON object")));
        }
        List<Problem.InvalidParam> problems = new ArrayList<>();
        JsonNode g = o.get("grouping");
        if (g != null && !g.isNull() && !g.isObject()) {
            problems.add(new Problem.InvalidParam("grouping", "must be an object"));
            g = null;
        }
        List<String> groupBy = null;
        JsonNode by = g == null ? null : g.get("groupBy");
        if (by != null && !by.isNull()) {
            if (!by.isArray()) {
                problems.add(
                        new Problem.InvalidParam(
                                "grouping.groupBy", "must be an array of label names"));
            } else {
                groupBy = new ArrayList<>();
                for (JsonNode n : by) {
                    if (!n.isTextual()) {
                        problems.add(
                                new Problem.InvalidParam(
                                        "grouping.groupBy", "must be an array of label names"));
                        break;
                    }
                    groupBy.add(n.asText());
                }
            }
        }
        Boolean sendResolved = null;
        JsonNode sr = o.get("sendResolved");
        if (sr != null && !sr.isNull()) {
            if (!sr.isBoolean()) {
                problems.add(new Problem.InvalidParam("sendResolved", "must be true or false"));
            } else {
                sendResolved = sr.asBoolean();
            }
        }
        ContactPointDraft d =
                new ContactPointDraft(
                        text(o, "name", problems),
                        text(o, "type", problems),
                        text(o, "url", problems),
                        text(o, "secret", problems),
                        groupBy,
                        g == null ? null : text(g, "groupWait", "grouping.groupWait", problems),
                        g == null
                                ? null
                                : text(g, "groupInterval", "grouping.groupInterval", problems),
                        g == null
                                ? null
                                : text(g, "repeatInterval", "grouping.repeatInterval", problems),
                        sendResolved);
        if (!problems.isEmpty()) {
            throw invalid("invalid-contact-point", "Invalid contact point", problems);
        }
        return d;
    }

    private static String text(JsonNode o, String name, List<Problem.InvalidParam> problems) {
        return text(o, name, name, problems);
    }

    private static String text(
            JsonNode o, String name, String field, List<Problem.InvalidParam> problems) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            problems.add(new Problem.InvalidParam(field, "must be a string"));
            return null;
        }
        return n.asText();
    }
}
