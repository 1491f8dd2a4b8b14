package dev.plimsoll.notify.format;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.notify.contact.ChannelType;
import dev.plimsoll.notify.contact.ContactPoint;
import dev.plimsoll.notify.model.Notification;
import dev.plimsoll.notify.model.NotificationStatus;
import dev.plimsoll.notify.support.Events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each format within its service's documented limits, for an ordinary message and for a group of 40
 * alerts whose texts are far too long: truncated, never failed.
 */
class FormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T10:30:00Z");
    private static final RenderContext CTX =
            new RenderContext(
                    NOW,
                    new Links(
                            "https://plimsoll.example",
                            "https://grafana.example/d/x?var-service={service}&from={from}&to={to}"));
    private static final String HUGE = "x".repeat(50_000) + "😀";

    private static ContactPoint cp(ChannelType type) {
        return new ContactPoint(
                "cp",
                type,
                "https://hooks.example/services/T/B/token",
                type == ChannelType.WEBHOOK ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : null,
                null,
                true,
                ContactPoint.Origin.API);
    }

    private static Notification one() {
        AlertEvent e = Events.firing("a1", "checkout-p95", "checkout", List.of("cp"));
        return new Notification(
                "n-1",
                "cp",
                "group:rule=checkout-p95",
                Map.of("rule", "checkout-p95"),
                NotificationStatus.FIRING,
                List.of(e),
                List.of(),
                NOW,
                false);
    }

    /** 30 firing and 10 resolved alerts with 50 000-character rule names and summaries. */
    private static Notification huge() {
        List<AlertEvent> firing = new ArrayList<>();
        List<AlertEvent> resolved = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            AlertEvent f = Events.firing("a" + i, HUGE, HUGE, List.of("cp"));
            if (i < 30) {
                firing.add(f);
            } else {
                resolved.add(Events.resolved(f));
            }
        }
        return new Notification(
                "n-huge",
                "cp",
                "group:rule=" + HUGE,
                Map.of("rule", HUGE, "service", HUGE),
                NotificationStatus.FIRING,
                firing,
                resolved,
                NOW,
                false);
    }

    private static JsonNode body(OutgoingRequest r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void slackBlockKitCarriesTheAlertFacts() throws Exception {
        JsonNode b = body(new SlackFormat().render(one(), cp(ChannelType.SLACK), CTX));
        assertThat(b.path("text").asText()).isEqualTo("[FIRING:1] checkout-p95");
        JsonNode blocks = b.path("blocks");
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        JsonNode section = blocks.get(1);
        assertThat(section.path("type").asText()).isEqualTo("section");
        assertThat(section.path("text").path("text").asText())
                .isEqualTo(
                        "*FIRING checkout-p95 — checkout latency.p95*\n"
                                + "checkout latency.p95 312.4 ms above 300 ms for 2m");
        List<String> fields = new ArrayList<>();
        section.path("fields").forEach(f -> fields.add(f.path("text").asText()));
        assertThat(fields)
                .containsExactly(
                        "*Service*\ncheckout",
                        "*Metric*\nlatency.p95",
                        "*Value*\n312.4 ms",
                        "*Threshold*\n300 ms",
                        "*Error bound*\n±1 %",
                        "*Headroom*\n-4.13 %");
        assertThat(blocks.get(2).path("elements").get(0).path("text").asText())
                .isEqualTo(
                        "Started: 2026-03-01T10:15:00Z · Suspect deploys: checkout 2026.03.1 at"
                                + " 2026-03-01T10:09:00Z");
        JsonNode buttons = blocks.get(3).path("elements");
        assertThat(buttons.get(0).path("url").asText())
                .isEqualTo("https://plimsoll.example/api/v1/alerts/a1");
        assertThat(buttons.get(1).path("url").asText())
                .isEqualTo(
                        "https://grafana.example/d/x?var-service=checkout&from="
                                + Events.T0.minusSeconds(900).toEpochMilli()
                                + "&to="
                                + NOW.toEpochMilli());
    }

    @Test
    void slackStaysWithinBlockKitLimits() throws Exception {
        JsonNode b = body(new SlackFormat().render(huge(), cp(ChannelType.SLACK), CTX));
        JsonNode blocks = b.path("blocks");
        assertThat(blocks.size()).isLessThanOrEqualTo(SlackFormat.MAX_BLOCKS);
        assertThat(b.path("text").asText().length()).isLessThanOrEqualTo(3000);
        for (JsonNode block : blocks) {
            switch (block.path("type").asText()) {
                case "header" ->
                        assertThat(block.path("text").path("text").asText().length())
                                .isLessThanOrEqualTo(150);
                case "section" -> {
                    assertThat(block.path("text").path("text").asText().length())
                            .isLessThanOrEqualTo(3000);
                    assertThat(block.path("fields").size()).isLessThanOrEqualTo(10);
                    block.path("fields")
                            .forEach(
                                    f ->
                                            assertThat(f.path("text").asText().length())
                                                    .isLessThanOrEqualTo(2000));
                }
                case "context" -> {
                    assertThat(block.path("elements").size()).isLessThanOrEqualTo(10);
                    block.path("elements")
                            .forEach(
                                    e ->
                                            assertThat(e.path("text").asText().length())
                                                    .isLessThanOrEqualTo(3000));
                }
                case "actions" ->
                        block.path("elements")
                                .forEach(
                                        e -> {
                                            assertThat(
                                                            e.path("text")
                                                                    .path("text")
                                                                    .asText()
                                                                    .length())
                                                    .isLessThanOrEqualTo(75);
                                            assertThat(e.path("url").asText().length())
                                                    .isLessThanOrEqualTo(3000);
                                        });
                case "divider" -> {}
                default -> throw new AssertionError("unexpected block " + block);
            }
        }
        // 12 alerts fit (48 blocks + header + "more"); the other 28 are counted.
        assertThat(blocks.get(blocks.size() - 1).path("elements").get(0).path("text").asText())
                .isEqualTo("…and 28 more alerts in this group");
    }

    @Test
    void teamsSendsAnAdaptiveCardOfSchemaVersion14InTheWorkflowsEnvelope() throws Exception {
        JsonNode b = body(new TeamsFormat().render(one(), cp(ChannelType.TEAMS), CTX));
        assertThat(b.path("type").asText()).isEqualTo("message");
        JsonNode att = b.path("attachments").get(0);
        assertThat(att.path("contentType").asText())
                .isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(att.has("contentUrl") && att.get("contentUrl").isNull()).isTrue();
        JsonNode card = att.path("content");
        assertThat(card.path("$schema").asText())
                .isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.path("version").asText()).isEqualTo("1.4");
        assertThat(card.path("body").get(0).path("text").asText())
                .isEqualTo("[FIRING:1] checkout-p95");
        JsonNode facts = card.path("body").get(3).path("facts");
        assertThat(facts.get(2).path("title").asText()).isEqualTo("Value");
        assertThat(facts.get(2).path("value").asText()).isEqualTo("312.4 ms");
        assertThat(card.path("actions").get(0).path("url").asText())
                .isEqualTo("https://plimsoll.example/api/v1/alerts/a1");
    }

    @Test
    void teamsStaysUnderTheMessageSizeLimit() {
        OutgoingRequest r = new TeamsFormat().render(huge(), cp(ChannelType.TEAMS), CTX);
        assertThat(r.body().length).isLessThanOrEqualTo(28 * 1024);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("more alerts in this group");
    }

    @Test
    void discordSendsEmbedsWithoutMentions() throws Exception {
        JsonNode b = body(new DiscordFormat().render(one(), cp(ChannelType.DISCORD), CTX));
        assertThat(b.path("content").asText()).isEqualTo("**[FIRING:1] checkout-p95**");
        assertThat(b.path("allowed_mentions").path("parse").size()).isZero();
        JsonNode embed = b.path("embeds").get(0);
        assertThat(embed.path("title").asText())
                .isEqualTo("FIRING checkout-p95 — checkout latency.p95");
        assertThat(embed.path("url").asText())
                .isEqualTo("https://plimsoll.example/api/v1/alerts/a1");
        assertThat(embed.path("color").asInt()).isEqualTo(0xE01E5A);
        assertThat(embed.path("timestamp").asText()).isEqualTo("2026-03-01T10:17:00Z");
    }

    @Test
    void discordStaysWithinEmbedLimits() throws Exception {
        JsonNode b = body(new DiscordFormat().render(huge(), cp(ChannelType.DISCORD), CTX));
        assertThat(b.path("content").asText().length()).isLessThanOrEqualTo(2000);
        JsonNode embeds = b.path("embeds");
        assertThat(embeds.size()).isBetween(1, 10);
        int total = 0;
        for (JsonNode e : embeds) {
            assertThat(e.path("title").asText().length()).isLessThanOrEqualTo(256);
            assertThat(e.path("description").asText().length()).isLessThanOrEqualTo(4096);
            assertThat(e.path("fields").size()).isLessThanOrEqualTo(25);
            for (JsonNode f : e.path("fields")) {
                assertThat(f.path("name").asText().length()).isLessThanOrEqualTo(256);
                assertThat(f.path("value").asText().length()).isLessThanOrEqualTo(1024);
            }
            assertThat(e.path("footer").path("text").asText().length()).isLessThanOrEqualTo(2048);
            total += DiscordFormat.characters(e);
        }
        assertThat(total).isLessThanOrEqualTo(6000);
        assertThat(b.path("content").asText()).endsWith("more alerts in this group");
    }

    @Test
    void discordReadsRetryAfterFromTheBodyWhenTheHeaderIsMissing() {
        Response r =
                new Response(
                        429,
                        Map.of(),
                        "{\"message\":\"rate\",\"retry_after\":1.5,\"global\":false}");
        Verdict v = new DiscordFormat().classify(r, CTX);
        assertThat(((Verdict.Retry) v).retryAfter()).isEqualTo(java.time.Duration.ofMillis(1500));
    }

    @Test
    void googleChatSendsCardsV2IdempotentlyByRequestId() throws Exception {
        OutgoingRequest r = new GoogleChatFormat().render(one(), cp(ChannelType.GOOGLE_CHAT), CTX);
        assertThat(r.url().toString())
                .isEqualTo(
                        "https://hooks.example/services/T/B/token?messageReplyOption="
                                + "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD&requestId=n-1");
        JsonNode b = body(r);
        assertThat(b.path("text").asText()).isEqualTo("[FIRING:1] checkout-p95");
        assertThat(b.path("thread").path("threadKey").asText()).startsWith("plimsoll-");
        JsonNode card = b.path("cardsV2").get(0);
        assertThat(card.path("cardId").asText()).isEqualTo("plimsoll-alerts");
        assertThat(card.path("card").path("header").path("title").asText())
                .isEqualTo("[FIRING:1] checkout-p95");
        JsonNode widgets = card.path("card").path("sections").get(0).path("widgets");
        assertThat(widgets.get(0).path("textParagraph").path("text").asText())
                .isEqualTo("checkout latency.p95 312.4 ms above 300 ms for 2m");
        assertThat(widgets.get(3).path("decoratedText").path("topLabel").asText())
                .isEqualTo("Value");
        assertThat(widgets.get(3).path("decoratedText").path("text").asText())
                .isEqualTo("312.4 ms");
        JsonNode button = widgets.get(widgets.size() - 1).path("buttonList").path("buttons").get(0);
        assertThat(button.path("onClick").path("openLink").path("url").asText())
                .isEqualTo("https://plimsoll.example/api/v1/alerts/a1");
    }

    @Test
    void alertTextCannotMentionEveryoneOrAddMarkup() throws Exception {
        AlertEvent base = Events.firing("a1", "<users/all> rule", "checkout", List.of("cp"));
        AlertEvent e =
                new AlertEvent(
                        base.eventId(),
                        base.alertId(),
                        base.ruleId(),
                        base.rule(),
                        base.fingerprint(),
                        base.state(),
                        base.previousState(),
                        base.at(),
                        base.startsAt(),
                        null,
                        base.labels(),
                        base.annotations(),
                        base.metric(),
                        base.service(),
                        base.condition(),
                        base.value(),
                        base.unit(),
                        base.threshold(),
                        null,
                        base.errorBound(),
                        base.headroomPercent(),
                        List.of(),
                        List.of("cp"),
                        "<!channel> <b>bold</b> & <users/all>");
        Notification n =
                new Notification(
                        "n",
                        "cp",
                        "g",
                        Map.of(),
                        NotificationStatus.FIRING,
                        List.of(e),
                        List.of(),
                        NOW,
                        false);
        JsonNode chat = body(new GoogleChatFormat().render(n, cp(ChannelType.GOOGLE_CHAT), CTX));
        assertThat(chat.path("text").asText()).isEqualTo("[FIRING:1] ‹users/all› rule");
        assertThat(
                        chat.path("cardsV2")
                                .get(0)
                                .path("card")
                                .path("sections")
                                .get(0)
                                .path("widgets")
                                .get(0)
                                .path("textParagraph")
                                .path("text")
                                .asText())
                .isEqualTo("&lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt; &amp; &lt;users/all&gt;");
        JsonNode slack = body(new SlackFormat().render(n, cp(ChannelType.SLACK), CTX));
        assertThat(slack.path("blocks").get(1).path("text").path("text").asText())
                .endsWith("&lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt; &amp; &lt;users/all&gt;");
        JsonNode discord = body(new DiscordFormat().render(n, cp(ChannelType.DISCORD), CTX));
        assertThat(discord.path("allowed_mentions").path("parse").size()).isZero();
    }

    @Test
    void googleChatStaysUnder32000Bytes() {
        OutgoingRequest r = new GoogleChatFormat().render(huge(), cp(ChannelType.GOOGLE_CHAT), CTX);
        assertThat(r.body().length).isLessThan(32_000);
    }

    @Test
    void webhookBodyCarriesExactDecimalsAndTheStateChangeIdAsWebhookId() throws Exception {
        Notification n = one();
        AlertEvent e = n.firing().get(0);
        Notification byEvent =
                new Notification(
                        e.eventId(),
                        "cp",
                        "alert:a1",
                        Map.of(),
                        NotificationStatus.FIRING,
                        List.of(e),
                        List.of(),
                        NOW,
                        false);
        OutgoingRequest r = new WebhookFormat().render(byEvent, cp(ChannelType.WEBHOOK), CTX);
        assertThat(r.headers().get("webhook-id")).isEqualTo("a1-firing");
        assertThat(r.headers().get("webhook-timestamp"))
                .isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(r.headers().get("webhook-signature")).startsWith("v1,");
        JsonNode b = body(r);
        assertThat(b.path("type").asText()).isEqualTo("alert.firing");
        assertThat(b.path("status").asText()).isEqualTo("firing");
        JsonNode a = b.path("alert");
        assertThat(a.path("id").asText()).isEqualTo("a1");
        assertThat(a.path("rule").asText()).isEqualTo("checkout-p95");
        assertThat(a.path("fingerprint").asText()).isEqualTo("fp-a1");
        assertThat(a.path("labels").path("team").asText()).isEqualTo("payments");
        assertThat(a.path("value").isTextual()).isTrue();
        assertThat(a.path("value").asText()).isEqualTo("312.4");
        assertThat(a.path("threshold").asText()).isEqualTo("300");
        assertThat(a.path("startsAt").asText()).isEqualTo("2026-03-01T10:15:00Z");
        assertThat(a.path("endsAt").isNull()).isTrue();
        assertThat(a.path("suspectDeploys").get(0).path("version").asText()).isEqualTo("2026.03.1");
        assertThat(b.path("links").path("alert").asText())
                .isEqualTo("https://plimsoll.example/api/v1/alerts/a1");
    }

    @Test
    void statusesAreClassifiedAsDeliveredRetryOrFail() {
        Integration i = new SlackFormat();
        assertThat(i.classify(new Response(200, Map.of(), "ok"), CTX))
                .isInstanceOf(Verdict.Delivered.class);
        assertThat(i.classify(new Response(204, Map.of(), ""), CTX))
                .isInstanceOf(Verdict.Delivered.class);
        Verdict limited = i.classify(new Response(429, Map.of("retry-after", "2"), ""), CTX);
        assertThat(((Verdict.Retry) limited).retryAfter())
                .isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(((Verdict.Retry) i.classify(new Response(503, Map.of(), "busy"), CTX)).reason())
                .isEqualTo("HTTP 503: busy");
        assertThat(
                        ((Verdict.Fail)
                                        i.classify(
                                                new Response(404, Map.of(), "channel_not_found"),
                                                CTX))
                                .reason())
                .isEqualTo("HTTP 404: channel_not_found");
        assertThat(i.classify(new Response(408, Map.of(), ""), CTX))
                .isInstanceOf(Verdict.Retry.class);
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        assertThat(Text.truncate("ab😀cd", 4)).isEqualTo("ab…");
        assertThat(Text.truncate("abcdef", 4)).isEqualTo("abc…");
        assertThat(Text.truncate("abc", 4)).isEqualTo("abc");
    }
}
