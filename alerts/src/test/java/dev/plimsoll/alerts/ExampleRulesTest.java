package dev.plimsoll.alerts;

import dev.plimsoll.alerts.rules.RuleFiles;
import dev.plimsoll.alerts.rules.StoredRule;
import dev.plimsoll.core.alert.rule.AlertMetric;
import dev.plimsoll.core.alert.rule.Condition;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented examples parse: docs/examples/rules/alert-rules.yaml and the JSON rule of
 * docs/alerts.md.
 */
class ExampleRulesTest {

    private static final Path DOCS = Path.of("..", "docs");

    @Test
    void theExampleRuleFileLoadsWithoutProblems() {
        RuleFiles.Loaded loaded = RuleFiles.load(DOCS.resolve("examples").resolve("rules"));

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.rules())
                .extracting(r -> r.rule().id())
                .containsExactly(
                        "checkout-p95",
                        "checkout-p95-regression",
                        "checkout-p95-drift",
                        "checkout-scale-out",
                        "checkout-errors",
                        "checkout-cost-per-user-drift",
                        "infra-cost-per-user-spike",
                        "checkout-traffic-drop");
        StoredRule scaleOut = loaded.rules().get(3);
        assertThat(scaleOut.rule().metric()).isEqualTo(AlertMetric.LATENCY_P95);
        assertThat(scaleOut.rule().condition()).isInstanceOf(Condition.All.class);
        assertThat(scaleOut.file()).isEqualTo("alert-rules.yaml");
        assertThat(loaded.rules().get(6).rule().selector().allServices()).isTrue();
    }

    @Test
    void theJsonRuleOfTheGuideIsAccepted() throws Exception {
        Matcher m =
                Pattern.compile("```json\\n(\\{\"name\": \"checkout-p95\".*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(DOCS.resolve("alerts.md")));
        assertThat(m.find()).isTrue();

        assertThat(RuleParser.parseJson(m.group(1))).isInstanceOf(RuleParse.Parsed.class);
    }

    @Test
    void aBadFileRuleIsSkippedNamingItsFileAndField(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("a.yaml"),
                "name: ok\n"
                        + "metric: latency.p95\n"
                        + "service: s\n"
                        + "condition: {type: threshold, above: 1s}\n"
                        + "---\n"
                        + "name: bad\n"
                        + "metric: latency.p95\n"
                        + "service: s\n"
                        + "condition: {type: threshold, above: soon}\n");
        Files.writeString(
                dir.resolve("b.yml"),
                "rules: [ {name: ok, metric: errors.ratio, service: s, condition: {type: threshold,"
                        + " above: 1%}} ]\n");
        Files.writeString(dir.resolve("c.yaml"), "{ not yaml");

        RuleFiles.Loaded loaded = RuleFiles.load(dir);

        assertThat(loaded.rules()).extracting(r -> r.rule().id()).containsExactly("ok");
        assertThat(loaded.problems()).hasSize(3);
        assertThat(loaded.problems().get(0))
                .startsWith("a.yaml: document 1: condition.above must be a duration");
        assertThat(loaded.problems().get(1))
                .isEqualTo("b.yml: rule 'ok' is defined twice; the first definition is used");
        assertThat(loaded.problems().get(2)).startsWith("c.yaml: is not valid YAML or JSON");
    }
}
