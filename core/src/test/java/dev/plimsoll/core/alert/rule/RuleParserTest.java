package dev.plimsoll.core.alert.rule;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RuleParserTest {

    /** The rule of the issue, exactly as written there. */
    static final String ISSUE_RULE =
            "{\"name\": \"checkout-p95\", \"metric\": \"latency.p95\", \"service\": \"checkout\",\n"
                + " \"condition\": {\"type\": \"threshold\", \"above\": \"300ms\", \"for\": \"2m\","
                + " \"recoverBelow\": \"250ms\"},\n"
                + " \"minSamples\": 50, \"evaluateEvery\": \"30s\", \"notify\": [\"oncall\"],"
                + " \"labels\": {\"team\": \"payments\"}}";

    static final String ISSUE_RULE_YAML =
            "name: checkout-p95\n"
                    + "metric: latency.p95\n"
                    + "service: checkout\n"
                    + "condition:\n"
                    + "  type: threshold\n"
                    + "  above: 300ms\n"
                    + "  for: 2m\n"
                    + "  recoverBelow: 250ms\n"
                    + "minSamples: 50\n"
                    + "evaluateEvery: 30s\n"
                    + "notify: [oncall]\n"
                    + "labels: {team: payments}\n";

    private static Rule parsed(RuleParse p) {
        assertThat(p).isInstanceOf(RuleParse.Parsed.class);
        return ((RuleParse.Parsed) p).rule();
    }

    private static List<RuleProblem> problems(String json) {
        RuleParse p = RuleParser.parseJson(json);
        assertThat(p).isInstanceOf(RuleParse.Invalid.class);
        return ((RuleParse.Invalid) p).problems();
    }

    @Test
    void acceptsTheIssuesRuleAsItStandsWithDefaultsFilledIn() {
        Rule r = parsed(RuleParser.parseJson(ISSUE_RULE));

        assertThat(r.id()).isEqualTo("checkout-p95");
        assertThat(r.metric()).isEqualTo(AlertMetric.LATENCY_P95);
        assertThat(r.selector()).isEqualTo(new Selector("checkout", "", ""));
        assertThat(r.condition())
                .isEqualTo(
                        new Condition.Threshold(
                                AlertMetric.LATENCY_P95,
                                Condition.Direction.ABOVE,
                                new BigDecimal("300"),
                                new BigDecimal("250"),
                                Duration.ofMinutes(5),
                                Duration.ofMinutes(2),
                                Duration.ZERO));
        assertThat(r.minSamples()).isEqualTo(50);
        assertThat(r.evaluateEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.noDataFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.contactPoints()).containsExactly("oncall");
        assertThat(r.labels()).isEqualTo(Map.of("team", "payments"));
    }

    @Test
    void theYamlFormIsTheSameRule() throws Exception {
        JsonNode yaml = RuleMappers.YAML.readTree(ISSUE_RULE_YAML);

        assertThat(parsed(RuleParser.parse(yaml, "")))
                .isEqualTo(parsed(RuleParser.parseJson(ISSUE_RULE)));
    }

    @Test
    void writingAndReadingBackGivesTheSameRule() {
        for (String json :
                List.of(
                        ISSUE_RULE,
                        "{\"name\":\"c\",\"metric\":\"latency.p99\",\"service\":\"s\",\"operation\":\"GET"
                            + " /x\",\"tenant\":\"acme\","
                            + "\"condition\":{\"type\":\"change\",\"increase\":\"20%\",\"atLeast\":\"50ms\",\"baseline\":\"weeksAgo\",\"weeks\":2,\"window\":\"30m\",\"keepFiringFor\":\"5m\"}}",
                        "{\"name\":\"d\",\"metric\":\"errors.ratio\",\"service\":\"s\",\"condition\":{\"type\":\"drift\",\"direction\":\"up\",\"window\":\"14d\",\"minChangePerDay\":\"1%\",\"confidence\":0.995}}",
                        "{\"name\":\"a\",\"service\":\"s\",\"annotations\":{\"runbook\":\"https://x\"},\"condition\":{\"type\":\"all\",\"for\":\"10m\",\"conditions\":["
                            + "{\"type\":\"threshold\",\"metric\":\"latency.p95\",\"above\":\"300ms\"},{\"type\":\"threshold\",\"metric\":\"concurrency.peak\",\"above\":200},"
                            + "{\"type\":\"change\",\"metric\":\"requests.rate\",\"within\":\"5%\"}]}}",
                        "{\"name\":\"m\",\"metric\":\"cost.total\",\"service\":\"s\",\"currency\":\"EUR\",\"condition\":{\"type\":\"threshold\",\"below\":\"0.00000000001\",\"recoverAbove\":\"12.50\"}}")) {
            Rule r = parsed(RuleParser.parseJson(json));
            String written = RuleWriter.toJson(r);

            assertThat(parsed(RuleParser.parseJson(written))).as(written).isEqualTo(r);
        }
    }

    @Test
    void moneyStaysExact() {
        Rule r =
                parsed(
                        RuleParser.parseJson(
                                "{\"name\":\"m\",\"metric\":\"cost.total\",\"service\":\"s\",\"currency\":\"USD\","
                                    + "\"condition\":{\"type\":\"threshold\",\"above\":0.10000000001}}"));

        assertThat(((Condition.Threshold) r.condition()).value().toPlainString())
                .isEqualTo("0.10000000001");
        assertThat(r.currency()).isEqualTo("USD");
    }

    @Test
    void costRulesMayWatchAllServicesTogetherAndNoOtherRuleMay() {
        Rule all =
                parsed(
                        RuleParser.parseJson(
                                "{\"name\":\"infra\",\"metric\":\"cost.per_user\",\"service\":\"*\","
                                    + "\"currency\":\"USD\",\"condition\":{\"type\":\"threshold\",\"above\":\"0.02\"}}"));
        assertThat(all.selector().allServices()).isTrue();
        assertThat(all.selector().labels()).containsExactly(Map.entry("service", "*"));

        List<RuleProblem> latency =
                problems(
                        "{\"name\":\"m\",\"metric\":\"latency.p95\",\"service\":\"*\","
                                + "\"condition\":{\"type\":\"threshold\",\"above\":\"1s\"}}");
        assertThat(latency).extracting(RuleProblem::name).containsExactly("service");
        assertThat(latency.get(0).reason()).contains("only to cost metrics");
        // a multi-signal rule on all services: every signal must be a cost metric
        assertThat(
                        problems(
                                "{\"name\":\"m\",\"service\":\"*\",\"currency\":\"USD\",\"condition\":"
                                    + "{\"type\":\"all\",\"conditions\":["
                                    + "{\"type\":\"threshold\",\"metric\":\"cost.per_user\",\"above\":\"0.02\"},"
                                    + "{\"type\":\"threshold\",\"metric\":\"requests.rate\",\"below\":5}]}}"))
                .extracting(RuleProblem::name)
                .containsExactly("service");
    }

    @Test
    void costRulesNameTheirCurrencyAndNothingElseDoes() {
        assertThat(
                        problems(
                                "{\"name\":\"m\",\"metric\":\"cost.per_user\",\"service\":\"s\",\"operation\":\"GET"
                                    + " /\",\"condition\":{\"type\":\"drift\"}}"))
                .extracting(RuleProblem::name)
                .containsExactlyInAnyOrder("currency", "operation");
        assertThat(
                        problems(
                                "{\"name\":\"m\",\"metric\":\"cost.per_user\",\"service\":\"s\",\"currency\":\"usd\","
                                    + "\"condition\":{\"type\":\"drift\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("currency");
        assertThat(
                        problems(
                                "{\"name\":\"m\",\"metric\":\"latency.p95\",\"service\":\"s\",\"currency\":\"USD\","
                                    + "\"condition\":{\"type\":\"threshold\",\"above\":\"1s\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("currency");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "latency.p95 | 300ms | 300",
                "latency.p95 | 1.5s | 1500",
                "latency.p95 | 250us | 0.25",
                "latency.p95 | 120 | 120",
                "errors.ratio | 5% | 0.05",
                "errors.ratio | 0.05 | 0.05",
                "requests.rate | 12.5 | 12.5"
            })
    void valuesAreReadInTheMetricsUnit(String metric, String written, String expected) {
        Rule r =
                parsed(
                        RuleParser.parseJson(
                                "{\"name\":\"v\",\"metric\":\""
                                        + metric
                                        + "\",\"service\":\"s\","
                                        + "\"condition\":{\"type\":\"threshold\",\"above\":\""
                                        + written
                                        + "\"}}"));

        assertThat(((Condition.Threshold) r.condition()).value()).isEqualByComparingTo(expected);
    }

    @Test
    void namesEveryBadField() {
        List<RuleProblem> p =
                problems(
                        "{\"name\":\"bad name\",\"metric\":\"latency.p42\",\"service\":\"\","
                            + "\"condition\":{\"type\":\"threshold\",\"above\":\"fast\",\"recoverBelow\":\"250ms\",\"window\":\"90s\",\"for\":\"soon\"},\"minSamples\":-1,\"evaluateEvery\":\"0s\",\"labels\":{\"service\":\"x\",\"9x\":\"y\"},\"notify\":[\"on"
                            + " call\"],\"colour\":\"red\"}");

        assertThat(p)
                .extracting(RuleProblem::name)
                .containsExactlyInAnyOrder(
                        "name",
                        "metric",
                        "service",
                        "condition.window",
                        "condition.for",
                        "minSamples",
                        "evaluateEvery",
                        "labels.service",
                        "labels.9x",
                        "notify[0]",
                        "colour");
    }

    @Test
    void aValueInTheWrongFormIsNamedWithWhatWouldBeAccepted() {
        List<RuleProblem> p =
                problems(
                        "{\"name\":\"n\",\"metric\":\"latency.p95\",\"service\":\"s\","
                                + "\"condition\":{\"type\":\"threshold\",\"above\":\"fast\"}}");

        assertThat(p)
                .containsExactly(
                        new RuleProblem(
                                "condition.above",
                                "must be a duration such as 300ms, 1.5s or 250us (a plain number is"
                                        + " ms) for latency.p95, but was 'fast'."));
    }

    @Test
    void conditionProblems() {
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"metric\":\"latency.p95\",\"service\":\"s\",\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"below\":\"100ms\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("condition.below");
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"metric\":\"latency.p95\",\"service\":\"s\",\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"recoverBelow\":\"350ms\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("condition.recoverBelow");
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"metric\":\"latency.p95\",\"service\":\"s\",\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"recoverAbove\":\"350ms\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("condition.recoverAbove");
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"metric\":\"latency.p95\",\"service\":\"s\",\"condition\":{\"type\":\"change\",\"within\":\"5%\",\"atLeast\":\"5ms\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("condition.atLeast");
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"metric\":\"latency.p95\",\"service\":\"s\",\"condition\":{\"type\":\"drift\",\"window\":\"36h\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("condition.window");
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"metric\":\"latency.p95\",\"service\":\"s\",\"condition\":{\"type\":\"spike\"}}"))
                .extracting(RuleProblem::name)
                .containsExactly("condition.type");
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"service\":\"s\",\"condition\":{\"type\":\"all\",\"conditions\":["
                                    + "{\"type\":\"threshold\",\"metric\":\"latency.p95\",\"above\":\"1s\",\"for\":\"1m\"},{\"type\":\"threshold\",\"above\":3}]}}"))
                .extracting(RuleProblem::name)
                .containsExactly("condition.conditions[0].for", "condition.conditions[1].metric");
        assertThat(
                        problems(
                                "{\"name\":\"n\",\"metric\":\"requests.rate\",\"service\":\"s\",\"minSamples\":5,\"condition\":{\"type\":\"threshold\",\"below\":1}}"))
                .extracting(RuleProblem::name)
                .containsExactly("minSamples");
    }

    @Test
    void refusesWhatIsNotAnObjectOrNotJson() {
        assertThat(problems("[1]"))
                .containsExactly(new RuleProblem("body", "must be a JSON object."));
        assertThat(problems("{\"name\":")).extracting(RuleProblem::name).containsExactly("body");
        assertThat(problems("{\"name\":\"a\",\"name\":\"b\"}"))
                .extracting(RuleProblem::name)
                .containsExactly("body");
    }

    @Test
    void defaultsDependOnTheCondition() {
        Rule drift =
                parsed(
                        RuleParser.parseJson(
                                "{\"name\":\"d\",\"metric\":\"latency.p95\",\"service\":\"s\",\"condition\":{\"type\":\"drift\"}}"));
        Rule rate =
                parsed(
                        RuleParser.parseJson(
                                "{\"name\":\"r\",\"metric\":\"requests.rate\",\"service\":\"s\",\"condition\":{\"type\":\"threshold\",\"below\":1}}"));

        assertThat(drift.evaluateEvery()).isEqualTo(Duration.ofHours(1));
        assertThat(drift.minSamples()).isEqualTo(20);
        assertThat(((Condition.Drift) drift.condition()).minChangePerDay())
                .isEqualByComparingTo("0.005");
        assertThat(rate.evaluateEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rate.minSamples()).isZero();
    }

    @Test
    void theEvaluationDigestIgnoresLabelsButNotTheCondition() {
        Rule a = parsed(RuleParser.parseJson(ISSUE_RULE));
        Rule relabelled =
                parsed(RuleParser.parseJson(ISSUE_RULE.replace("payments", "checkout-team")));
        Rule retuned = parsed(RuleParser.parseJson(ISSUE_RULE.replace("300ms", "350ms")));

        assertThat(RuleWriter.evaluationDigest(relabelled))
                .isEqualTo(RuleWriter.evaluationDigest(a));
        assertThat(RuleWriter.evaluationDigest(retuned))
                .isNotEqualTo(RuleWriter.evaluationDigest(a));
    }

    @ParameterizedTest
    @CsvSource({
        "30s,30000",
        "2m,120000",
        "1h30m,5400000",
        "7d,604800000",
        "1w,604800000",
        "0,0",
        "250ms,250"
    })
    void durations(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @Test
    void badDurations() {
        for (String bad : List.of("", "5", "1.5m", "m", "-1m", "5 m", "1y")) {
            assertThat(Durations.parse(bad)).as(bad).isEmpty();
        }
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
    }
}
