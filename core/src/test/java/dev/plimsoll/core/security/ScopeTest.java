package dev.plimsoll.core.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopeTest {

    @Test
    void adminGrantsEveryScope() {
        assertThat(Scope.ADMIN.grants(Scope.READ)).isTrue();
        assertThat(Scope.ADMIN.grants(Scope.INGEST)).isTrue();
        assertThat(Scope.ADMIN.grants(Scope.ADMIN)).isTrue();
    }

    @Test
    void readAndIngestGrantOnlyThemselves() {
        assertThat(Scope.READ.grants(Scope.READ)).isTrue();
        assertThat(Scope.READ.grants(Scope.INGEST)).isFalse();
        assertThat(Scope.READ.grants(Scope.ADMIN)).isFalse();
        assertThat(Scope.INGEST.grants(Scope.READ)).isFalse();
    }

    @Test
    void parsesConfigNamesCaseInsensitively() {
        assertThat(Scope.parse("read")).isEqualTo(Scope.READ);
        assertThat(Scope.parse("INGEST")).isEqualTo(Scope.INGEST);
        assertThat(Scope.ADMIN.configName()).isEqualTo("admin");
    }

    @Test
    void unknownScopeNamesTheValueAndTheChoices() {
        assertThatThrownBy(() -> Scope.parse("reed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown scope 'reed'; expected ingest, read or admin.");
    }
}
