package dev.plimsoll.cost;

import dev.plimsoll.core.cost.SharedCostPolicy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CostJobMainTest {

    @Test
    void flagsBecomeSettings() {
        CostJobSettings s =
                CostJobMain.settings(
                        CostJobMain.parse(
                                new String[] {
                                    "--costs-topic",
                                    "c",
                                    "--requests-topic=r",
                                    "--settle",
                                    "2h",
                                    "--shared-rule",
                                    "name=a; tag=team:a; policy=users",
                                    "--shared-rule",
                                    "name=b; currency=EUR; policy=even",
                                    "--default-policy",
                                    "even",
                                    "--service-tags",
                                    "app,svc",
                                    "--emit-delay",
                                    "250ms",
                                    "--retention-hour",
                                    "30d",
                                    "--users-cap",
                                    "1024"
                                }));
        assertThat(s.costsTopic()).isEqualTo("c");
        assertThat(s.requestsTopic()).isEqualTo("r");
        assertThat(s.settle()).isEqualTo(Duration.ofHours(2));
        assertThat(s.sharedRules())
                .containsExactly(
                        "name=a; tag=team:a; policy=users", "name=b; currency=EUR; policy=even");
        assertThat(s.rules().rules()).hasSize(2);
        assertThat(s.defaultPolicy()).isEqualTo(SharedCostPolicy.EVEN);
        assertThat(s.serviceTags()).containsExactly("app", "svc");
        assertThat(s.emitDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.hourRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(s.usersCap()).isEqualTo(1024);
        assertThat(CostJobMain.settings(CostJobMain.parse(new String[0])))
                .isEqualTo(CostJobSettings.defaults());
    }

    @Test
    void badFlagsAndValuesAreNamed() {
        assertThatThrownBy(() -> CostJobMain.parse(new String[] {"--colour", "red"}))
                .hasMessageStartingWith("unknown flag --colour; known: --bootstrap-servers");
        assertThatThrownBy(() -> CostJobMain.parse(new String[] {"--settle"}))
                .hasMessage("--settle needs a value");
        assertThatThrownBy(() -> CostJobMain.duration("soon"))
                .hasMessage("'soon' is not a duration (e.g. 500ms, 10s, 5m, 24h, 400d)");
        assertThatThrownBy(
                        () ->
                                CostJobMain.settings(
                                        CostJobMain.parse(new String[] {"--settle", "500d"})))
                .hasMessage(
                        "plimsoll.cost.retention.hour (PT9600H) must be longer than"
                                + " plimsoll.cost.settle (PT12000H)");
        assertThatThrownBy(
                        () ->
                                CostJobMain.settings(
                                        CostJobMain.parse(
                                                new String[] {
                                                    "--shared-rule", "name=x; policy=fair"
                                                })))
                .hasMessageContaining("unknown shared-cost policy 'fair'");
        assertThat(CostJobMain.duration("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThat(List.of(CostJobMain.duration("90s"))).containsExactly(Duration.ofSeconds(90));
    }
}
