package dev.plimsoll.app;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleTest {

    @Test
    void parsesAListIgnoringCaseAndBlanks() {
        assertThat(Role.parseList(" Ingest , api,,"))
                .containsExactlyInAnyOrderElementsOf(EnumSet.of(Role.INGEST, Role.API));
    }

    @Test
    void namesTheUnknownRoleAndTheValidOnes() {
        assertThatThrownBy(() -> Role.parseList("ingest,alarms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "plimsoll.roles has unknown role(s) [alarms]; valid roles are ingest,"
                                + " streams, cost, api, alerts, notify");
    }

    @Test
    void theEvaluatorReadsMetricsThroughTheReadSide() {
        assertThat(Role.readsMetrics(EnumSet.of(Role.ALERTS))).isTrue();
        assertThat(Role.readsMetrics(EnumSet.of(Role.API))).isTrue();
        assertThat(Role.readsMetrics(EnumSet.of(Role.INGEST, Role.STREAMS))).isFalse();
        assertThat(Role.ALERTS.enabledProperty()).isEqualTo("plimsoll.alerts.enabled");
    }

    @Test
    void rejectsAnEmptyList() {
        assertThatThrownBy(() -> Role.parseList(" , "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one role");
    }

    @Test
    void eachRoleHasItsOwnEnabledProperty() {
        assertThat(Role.STREAMS.enabledProperty()).isEqualTo("plimsoll.streams.enabled");
        assertThat(Role.idsOf(EnumSet.of(Role.API, Role.INGEST))).isEqualTo("ingest,api");
    }
}
