package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecurityModeTest {

    @Test
    void parsesBothModesCaseInsensitively() {
        assertThat(SecurityMode.parse("keys")).isEqualTo(SecurityMode.KEYS);
        assertThat(SecurityMode.parse(" OPEN ")).isEqualTo(SecurityMode.OPEN);
    }

    @Test
    void anythingElseNamesThePropertyAndTheValue() {
        assertThatThrownBy(() -> SecurityMode.parse("off"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("plimsoll.security.mode must be keys or open, was 'off'.");
        assertThatThrownBy(() -> SecurityMode.parse(null))
                .hasMessage("plimsoll.security.mode must be keys or open, was 'null'.");
    }
}
