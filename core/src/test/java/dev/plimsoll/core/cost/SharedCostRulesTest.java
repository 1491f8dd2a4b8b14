package dev.plimsoll.core.cost;

import dev.plimsoll.core.telemetry.CostRecord;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedCostRulesTest {

    private static CostRecord shared(String currency, Map<String, String> tags) {
        return new CostRecord(
                "r",
                null,
                null,
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-01T01:00:00Z"),
                BigDecimal.ONE,
                currency,
                tags);
    }

    @Test
    void theFirstMatchingRuleTakesTheCostAndTheDefaultTheRest() {
        SharedCostRules rules =
                SharedCostRules.of(
                        List.of(
                                SharedCostRule.parse("name=eu; currency=EUR; policy=even"),
                                SharedCostRule.parse(
                                        "name=platform; tag=team:platform; policy=users"),
                                SharedCostRule.parse("name=tagged; tag=env")),
                        SharedCostPolicy.USERS);
        assertThat(rules.ruleFor(shared("EUR", Map.of("team", "platform"))).name()).isEqualTo("eu");
        assertThat(rules.ruleFor(shared("USD", Map.of(" team", "platform "))).name())
                .isEqualTo("platform");
        assertThat(rules.ruleFor(shared("USD", Map.of("team", "other", "env", "x"))).name())
                .isEqualTo("tagged");
        SharedCostRule fallback = rules.ruleFor(shared("USD", Map.of()));
        assertThat(fallback.name()).isEqualTo("default");
        assertThat(fallback.policy()).isEqualTo(SharedCostPolicy.USERS);
        assertThat(rules.named("gone")).isSameAs(fallback);
    }

    @Test
    void textFormRoundTrips() {
        SharedCostRule rule =
                SharedCostRule.parse(
                        " name = support ; currency=USD; tag=team:ops; policy=WEIGHTS;"
                                + " weights=search:1, orders:2.5");
        assertThat(rule)
                .isEqualTo(
                        new SharedCostRule(
                                "support",
                                "USD",
                                "team",
                                "ops",
                                SharedCostPolicy.WEIGHTS,
                                Map.of("orders", new BigDecimal("2.5"), "search", BigDecimal.ONE)));
        assertThat(rule.toText())
                .isEqualTo(
                        "name=support; currency=USD; tag=team:ops; policy=weights;"
                                + " weights=orders:2.5,search:1");
        assertThat(SharedCostRule.parse(rule.toText())).isEqualTo(rule);
    }

    @Test
    void badRulesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SharedCostRule.parse("name=x; policy=fair"))
                .hasMessage(
                        "unknown shared-cost policy 'fair'; valid: requests, users, even, weights");
        assertThatThrownBy(() -> SharedCostRule.parse("name=x; policy=weights"))
                .hasMessage("shared-cost rule 'x': policy weights needs weights");
        assertThatThrownBy(() -> SharedCostRule.parse("name=x; policy=weights; weights=a:0"))
                .hasMessage("shared-cost rule 'x': the weights must not all be zero");
        assertThatThrownBy(() -> SharedCostRule.parse("name=x; policy=weights; weights=a"))
                .hasMessageContaining("weights must be service:number pairs, found 'a'");
        assertThatThrownBy(() -> SharedCostRule.parse("name=x; colour=red"))
                .hasMessageContaining("unknown key 'colour'");
        assertThatThrownBy(() -> SharedCostRule.parse("policy=users"))
                .hasMessage("a shared-cost rule needs a name");
        assertThatThrownBy(
                        () ->
                                SharedCostRules.of(
                                        List.of(SharedCostRule.parse("name=default")),
                                        SharedCostPolicy.REQUESTS))
                .hasMessageContaining("must be unique");
        assertThatThrownBy(() -> SharedCostRules.of(List.of(), SharedCostPolicy.WEIGHTS))
                .hasMessageContaining("cannot be weights");
    }
}
