package dev.plimsoll.core.users;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserIdHashTest {

    /** Expected values computed by ClickHouse 26.5: {@code SELECT xxHash64('user-42')}, ... */
    @Test
    void equalsClickHouseXxHash64OfTheUtf8Bytes() {
        assertThat(UserIdHash.hash("user-42")).isEqualTo(4142921581652311169L);
        assertThat(Long.toUnsignedString(UserIdHash.hash(""))).isEqualTo("17241709254077376921");
        assertThat(UserIdHash.hash("ü")).isEqualTo(135170084992022845L);
    }

    @Test
    void distinctIdsHaveDistinctHashes() {
        assertThat(UserIdHash.hash("a")).isNotEqualTo(UserIdHash.hash("b"));
        assertThat(UserIdHash.hash("user-1")).isEqualTo(UserIdHash.hash(new String("user-1")));
    }
}
