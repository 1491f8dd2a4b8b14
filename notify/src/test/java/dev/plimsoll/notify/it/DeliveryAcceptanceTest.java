package dev.plimsoll.notify.it;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.notify.support.Events;
import dev.plimsoll.notify.support.NotifyServer;
import dev.plimsoll.notify.support.Receiver;
import dev.plimsoll.notify.support.Verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the real Kafka broker: alert events on the events topic → grouping → outbox →
 * five real local HTTP receivers playing Slack, Microsoft Teams, Discord, Google Chat and a generic
 * Standard Webhooks receiver. Each receiver checks the fields its service requires; the generic one
 * verifies the signature with its own code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryAcceptanceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHAT_GROUPING =
            "\"grouping\":{\"groupBy\":[\"rule\"],\"groupWait\":\"0s\",\"groupInterval\":\"1s\","
                    + "\"repeatInterval\":\"1h\"}";

    private NotifyServer server;
    private final Receiver slack = new Receiver().otherwise(Receiver.Answer.status(200, "ok"));
    private final Receiver teams = new Receiver().otherwise(Receiver.Answer.status(202));
    private final Receiver discord = new Receiver().otherwise(Receiver.Answer.status(204));
    private final Receiver chat =
            new Receiver()
                    .otherwise(Receiver.Answer.status(200, "{\"name\":\"spaces/x/messages/y\"}"));
    private final Receiver hook = new Receiver().otherwise(Receiver.Answer.status(200));

    @BeforeAll
    void contactPoints() {
        server = NotifyServer.shared();
        create("acc-slack", "slack", slack.url("/services/T01/B01/slack-token-1"), CHAT_GROUPING);
        create(
                "acc-teams",
                "teams",
                teams.url("/workflows/teams-token-2/triggers/manual"),
                CHAT_GROUPING);
        create(
                "acc-discord",
                "discord",
                discord.url("/api/webhooks/1/discord-token-3"),
                CHAT_GROUPING);
        create(
                "acc-chat",
                "googlechat",
                chat.url("/v1/spaces/AAA/messages?key=k&token=chat-token-4"),
                CHAT_GROUPING);
        create("acc-hook", "webhook", hook.url("/plimsoll"), "\"secret\":\"" + SECRET + "\"");
    }

    private void create(String name, String type, String url, String extra) {
        server.createContactPoint(
                "{\"name\":\""
                        + name
                        + "\",\"type\":\""
                        + type
                        + "\",\"url\":\""
                        + url
                        + "\","
                        + extra
                        + "}");
    }

    @AfterAll
    void stop() {
        List.of(slack, teams, discord, chat, hook).forEach(Receiver::close);
    }

    private static JsonNode json(Receiver.Request r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** A firing alert with a 10 000-character summary, so that every format must truncate. */
    private static AlertEvent longFiring() {
        AlertEvent f =
                Events.firing(
                        "acc-1",
                        "checkout-p95",
                        "checkout",
                        List.of("acc-slack", "acc-teams", "acc-discord", "acc-chat", "acc-hook"));
        return new AlertEvent(
                f.eventId(),
                f.alertId(),
                f.ruleId(),
                f.rule(),
                f.fingerprint(),
                f.state(),
                f.previousState(),
                Instant.now(),
                f.startsAt(),
                null,
                f.labels(),
                f.annotations(),
                f.metric(),
                f.service(),
                f.condition(),
                f.value(),
                f.unit(),
                f.threshold(),
                f.baseline(),
                f.errorBound(),
                f.headroomPercent(),
                f.suspectDeploys(),
                f.contactPoints(),
                "S".repeat(10_000));
    }

    @Test
    void firingThenResolvedReachEveryServiceInItsOwnFormat() throws Exception {
        AlertEvent firing = longFiring();
        AlertEvent resolved = Events.resolved(firing);
        server.publish(firing);

        Receiver.Request s = slack.await(1, WAIT).get(0);
        JsonNode sb = json(s);
        assertThat(s.path()).isEqualTo("/services/T01/B01/slack-token-1");
        assertThat(sb.path("text").asText()).isEqualTo("[FIRING:1] checkout-p95");
        assertThat(sb.path("blocks").size()).isBetween(1, 50);
        assertThat(sb.path("blocks").get(0).path("text").path("text").asText().length())
                .isLessThanOrEqualTo(150);
        assertThat(sb.path("blocks").get(1).path("text").path("text").asText())
                .hasSize(3000)
                .startsWith("*FIRING checkout-p95 — checkout latency.p95*\nSSS")
                .endsWith("…");

        Receiver.Request t = teams.await(1, WAIT).get(0);
        JsonNode card = json(t).path("attachments").get(0).path("content");
        assertThat(json(t).path("type").asText()).isEqualTo("message");
        assertThat(json(t).path("attachments").get(0).path("contentType").asText())
                .isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asText()).isEqualTo("1.4");
        assertThat(card.path("$schema").asText())
                .isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(t.body().length).isLessThanOrEqualTo(28 * 1024);

        Receiver.Request d = discord.await(1, WAIT).get(0);
        JsonNode db = json(d);
        assertThat(db.path("content").asText().length()).isLessThanOrEqualTo(2000);
        assertThat(db.path("embeds").size()).isEqualTo(1);
        JsonNode embed = db.path("embeds").get(0);
        assertThat(embed.path("description").asText().length()).isLessThanOrEqualTo(4096);
        assertThat(embed.path("description").asText()).endsWith("…");
        int chars =
                embed.path("title").asText().length()
                        + embed.path("description").asText().length()
                        + embed.path("footer").path("text").asText().length();
        for (JsonNode f : embed.path("fields")) {
            assertThat(f.path("value").asText().length()).isLessThanOrEqualTo(1024);
            chars += f.path("name").asText().length() + f.path("value").asText().length();
        }
        assertThat(chars).isLessThanOrEqualTo(6000);
        assertThat(db.path("allowed_mentions").path("parse").isArray()).isTrue();

        Receiver.Request c = chat.await(1, WAIT).get(0);
        assertThat(c.path()).isEqualTo("/v1/spaces/AAA/messages");
        assertThat(c.query())
                .startsWith(
                        "key=k&token=chat-token-4&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&requestId=");
        JsonNode cb = json(c);
        assertThat(cb.path("cardsV2").get(0).path("cardId").asText()).isEqualTo("plimsoll-alerts");
        assertThat(cb.path("cardsV2").get(0).path("card").path("sections").size()).isEqualTo(1);
        assertThat(c.body().length).isLessThan(32_000);

        Receiver.Request h = hook.await(1, WAIT).get(0);
        assertThat(Verify.standardWebhook(h, SECRET, Instant.now())).isTrue();
        assertThat(h.header("webhook-id")).isEqualTo(firing.eventId());
        JsonNode hb = json(h);
        assertThat(hb.path("status").asText()).isEqualTo("firing");
        assertThat(hb.path("alert").path("id").asText()).isEqualTo("acc-1");
        assertThat(new BigDecimal(hb.path("alert").path("value").asText()))
                .isEqualByComparingTo("312.4");
        assertThat(hb.path("alert").path("summary").asText()).hasSize(10_000);
        assertThat(hb.path("links").path("alert").asText())
                .isEqualTo("https://plimsoll.example/api/v1/alerts/acc-1");

        server.publish(resolved);
        assertThat(json(slack.await(2, WAIT).get(1)).path("text").asText())
                .isEqualTo("[RESOLVED] checkout-p95");
        assertThat(
                        json(teams.await(2, WAIT).get(1))
                                .path("attachments")
                                .get(0)
                                .path("content")
                                .path("body")
                                .get(0)
                                .path("color")
                                .asText())
                .isEqualTo("Good");
        assertThat(json(discord.await(2, WAIT).get(1)).path("embeds").get(0).path("color").asInt())
                .isEqualTo(0x2EB67D);
        Receiver.Request c2 = chat.await(2, WAIT).get(1);
        assertThat(json(c2).path("thread").path("threadKey").asText())
                .isEqualTo(json(c).path("thread").path("threadKey").asText());
        Receiver.Request h2 = hook.await(2, WAIT).get(1);
        assertThat(Verify.standardWebhook(h2, SECRET, Instant.now())).isTrue();
        assertThat(h2.header("webhook-id")).isEqualTo(resolved.eventId());
        assertThat(json(h2).path("status").asText()).isEqualTo("resolved");
        assertThat(json(h2).path("alert").path("endsAt").asText())
                .isEqualTo(resolved.endsAt().toString());

        // A replay of both state changes sends nothing more.
        server.publish(firing, resolved);
        AlertEvent marker = Events.firing("acc-marker", "marker", "checkout", List.of("acc-hook"));
        server.publish(marker);
        hook.await(3, WAIT);
        assertThat(hook.requests())
                .extracting(r -> r.header("webhook-id"))
                .containsExactly(firing.eventId(), resolved.eventId(), marker.eventId());
        assertThat(slack.requests()).hasSize(2);

        // The deliveries API shows all eleven as delivered once.
        JsonNode deliveries =
                JSON.readTree(
                        server.call(
                                        "GET",
                                        "/api/v1/deliveries?limit=1000",
                                        null,
                                        NotifyServer.READER)
                                .body());
        long delivered = 0;
        for (JsonNode dv : deliveries.path("deliveries")) {
            if (dv.path("contactPoint").asText().startsWith("acc-")) {
                assertThat(dv.path("status").asText()).isEqualTo("delivered");
                assertThat(dv.path("attempts").asInt()).isEqualTo(1);
                delivered++;
            }
        }
        assertThat(delivered).isEqualTo(11);
    }
}
