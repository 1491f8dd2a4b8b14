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
        assertThatThrownBy(() -> Role.parseList("ingest,alerts"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "plimsoll.roles has unknown role(s) [alerts]; valid roles are ingest,"
                                + " streams, cost, api, notify");
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
