package dev.plimsoll.notify.http;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST} and {@code PUT /api/v1/contact-points}, for the OpenAPI document only:
 * the controller reads the body as text and reports every bad field in one 400 problem.
 */
@Schema(
        description =
                "A contact point as sent to create or replace it. Unknown fields are ignored; every"
                        + " bad field is named in the 400 problem's invalidParams.")
record ContactPointRequest(
        @Schema(
                        description =
                                "1-64 letters, digits, _ or -, starting with a letter or"
                                        + " digit; what a rule's notify names."
                                        + " Required by POST; PUT takes it from the path (a"
                                        + " different name here is a 400).",
                        example = "team-slack")
                String name,
        @Schema(
                        requiredMode = Schema.RequiredMode.REQUIRED,
                        allowableValues = {"slack", "teams", "discord", "googlechat", "webhook"},
                        example = "slack")
                String type,
        @Schema(
                        description =
                                "The webhook URL: https (plain http only to allow-listed hosts),"
                                        + " refused when it resolves to a loopback, private,"
                                        + " link-local or metadata address. Never returned in"
                                        + " full. PUT may omit it to keep the stored one (same"
                                        + " type).",
                        example = "https://hooks.slack.com/services/T000/B000/XXXX")
                String url,
        @Schema(
                        description =
                                "webhook only (a 400 for other types): whsec_ + base64 of a"
                                    + " 24-64-byte key; generated when omitted and shown once"
                                    + " (generatedSecret). PUT may omit it to keep the stored one.")
                String secret,
        @Schema(
                        description =
                                "Chat types only (a 400 for webhook); missing fields take"
                                        + " plimsoll.notify.grouping.*")
                Grouping grouping,
        @Schema(description = "Whether resolutions are announced; default true.")
                Boolean sendResolved) {

    /** Alertmanager-style grouping of a chat contact point. */
    @Schema(description = "Alertmanager-style grouping of a chat contact point.")
    record Grouping(
            @Schema(
                            description =
                                    "Alert labels whose equal values form a group; rule, ruleId,"
                                            + " service and metric are the event's fields;"
                                            + " [\"...\"] is one group per series.",
                            example = "[\"rule\", \"service\"]")
                    List<String> groupBy,
            @Schema(description = "Wait before a new group's first message.", example = "30s")
                    String groupWait,
            @Schema(description = "How often a group is flushed.", example = "5m")
                    String groupInterval,
            @Schema(description = "When still-firing alerts are repeated.", example = "4h")
                    String repeatInterval) {}
}
