package dev.plimsoll.core.alert.silence;

import dev.plimsoll.core.alert.rule.RuleProblem;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SilenceTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T00:00:00Z");

    private static Silence parse(String json) {
        SilenceParser.Parse p = SilenceParser.parseJson(json, "s1", CREATED);
        assertThat(p).isInstanceOf(SilenceParser.Parsed.class);
        return ((SilenceParser.Parsed) p).silence();
    }

    @Test
    void aOneOffSilenceMutesMatchingAlertsBetweenItsTimes() {
        Silence s =
                parse(
                        "{\"matchers\":[{\"name\":\"service\",\"value\":\"checkout\"},{\"name\":\"team\",\"op\":\"=~\",\"value\":\"pay.*\"}],\"startsAt\":\"2026-03-01T22:00:00Z\",\"endsAt\":\"2026-03-02T02:00:00Z\",\"comment\":\"db"
                            + " upgrade\"}");
        Map<String, String> labels = Map.of("service", "checkout", "team", "payments");

        assertThat(s.mutes(labels, Instant.parse("2026-03-01T21:59:59Z"))).isFalse();
        assertThat(s.mutes(labels, Instant.parse("2026-03-01T22:00:00Z"))).isTrue();
        assertThat(s.mutes(labels, Instant.parse("2026-03-02T01:59:59Z"))).isTrue();
        assertThat(s.mutes(labels, Instant.parse("2026-03-02T02:00:00Z"))).isFalse();
        assertThat(
                        s.mutes(
                                Map.of("service", "checkout", "team", "search"),
                                Instant.parse("2026-03-01T23:00:00Z")))
                .isFalse();
        assertThat(s.mutes(Map.of("service", "checkout"), Instant.parse("2026-03-01T23:00:00Z")))
                .isFalse();
    }

    /**
     * Saturdays 02:00–04:00 in Europe/Berlin. On 2026-03-28 (CET, +01:00) that is 01:00–03:00Z. On
     * Sunday 2026-03-29 clocks skip 02:00 → 03:00: a Sunday window 02:00–04:00 lasts one hour,
     * 01:00Z (03:00 CEST) to 02:00Z.
     */
    @Test
    void aWeeklyWindowFollowsTheZonesClock() {
        Silence s =
                parse(
                        "{\"matchers\":[{\"name\":\"rule\",\"op\":\"!=\",\"value\":\"pipeline-lag\"}],"
                            + "\"weekly\":{\"days\":[\"sat\",\"sun\"],\"start\":\"02:00\",\"end\":\"04:00\",\"timeZone\":\"Europe/Berlin\"}}");
        Map<String, String> labels = Map.of("rule", "checkout-p95");

        assertThat(s.mutes(labels, Instant.parse("2026-03-28T00:59:59Z"))).isFalse();
        assertThat(s.mutes(labels, Instant.parse("2026-03-28T01:00:00Z"))).isTrue();
        assertThat(s.mutes(labels, Instant.parse("2026-03-28T02:59:59Z"))).isTrue();
        assertThat(s.mutes(labels, Instant.parse("2026-03-28T03:00:00Z"))).isFalse();
        assertThat(s.mutes(labels, Instant.parse("2026-03-29T00:59:59Z"))).isFalse();
        assertThat(s.mutes(labels, Instant.parse("2026-03-29T01:00:00Z"))).isTrue();
        assertThat(s.mutes(labels, Instant.parse("2026-03-29T02:00:00Z"))).isFalse();
        assertThat(s.mutes(labels, Instant.parse("2026-03-30T01:30:00Z"))).isFalse(); // Monday
        assertThat(s.mutes(Map.of("rule", "pipeline-lag"), Instant.parse("2026-03-28T01:30:00Z")))
                .isFalse();
    }

    @Test
    void aWindowPastMidnightEndsTheNextDay() {
        Silence s =
                parse(
                        "{\"matchers\":[{\"name\":\"service\",\"value\":\"batch\"}],"
                            + "\"weekly\":{\"days\":[\"fri\"],\"start\":\"22:00\",\"end\":\"02:00\",\"timeZone\":\"UTC\"}}");
        Map<String, String> labels = Map.of("service", "batch");

        assertThat(s.mutes(labels, Instant.parse("2026-03-06T21:59:00Z"))).isFalse(); // Friday
        assertThat(s.mutes(labels, Instant.parse("2026-03-06T23:00:00Z"))).isTrue();
        assertThat(s.mutes(labels, Instant.parse("2026-03-07T01:59:00Z"))).isTrue(); // Saturday
        assertThat(s.mutes(labels, Instant.parse("2026-03-07T02:00:00Z"))).isFalse();
        assertThat(s.mutes(labels, Instant.parse("2026-03-07T23:00:00Z")))
                .isFalse(); // Saturday night
    }

    @Test
    void namesEveryBadField() {
        SilenceParser.Parse p =
                SilenceParser.parseJson(
                        "{\"matchers\":[{\"name\":\"a\",\"op\":\"~\",\"value\":\"x\"},{\"name\":\"b\",\"op\":\"=~\",\"value\":\"(\"}],"
                            + "\"startsAt\":\"yesterday\",\"weekly\":{\"days\":[\"fun\"],\"start\":\"25:00\",\"end\":\"04:00\",\"timeZone\":\"Mars/Base\"},\"x\":1}",
                        "s",
                        CREATED);

        assertThat(((SilenceParser.Invalid) p).problems())
                .extracting(RuleProblem::name)
                .containsExactlyInAnyOrder(
                        "matchers[0].op",
                        "matchers[1].value",
                        "startsAt",
                        "weekly.days[0]",
                        "weekly.start",
                        "weekly.timeZone",
                        "x");
        assertThat(
                        ((SilenceParser.Invalid)
                                        SilenceParser.parseJson(
                                                "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}]}",
                                                "s",
                                                CREATED))
                                .problems())
                .extracting(RuleProblem::name)
                .containsExactly("endsAt");
    }

    @Test
    void roundTripsThroughItsStoredForm() {
        Silence s =
                parse(
                        "{\"matchers\":[{\"name\":\"service\",\"op\":\"!~\",\"value\":\"a|b\"}],"
                            + "\"weekly\":{\"days\":[\"mon\",\"sun\"],\"start\":\"23:30\",\"end\":\"00:30\",\"timeZone\":\"America/New_York\"},\"createdBy\":\"ops\"}");

        assertThat(
                        ((SilenceParser.Parsed) SilenceParser.fromStored(SilenceParser.toTree(s)))
                                .silence())
                .isEqualTo(s);
    }
}
