package dev.plimsoll.read.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BucketsTextTest {

    @Test
    void parsesClickHouseMapText() {
        Map<Integer, Long> expected = new LinkedHashMap<>();
        expected.put(-349, 3L);
        expected.put(0, 1L);
        expected.put(1046, 18_446_744_073L);

        assertThat(BucketsText.parse("{-349:3,0:1,1046:18446744073}")).isEqualTo(expected);
    }

    @Test
    void keepsTheOrderOfTheText() {
        assertThat(BucketsText.parse("{5:1,1:2}").keySet()).containsExactly(5, 1);
    }

    @Test
    void emptyMap() {
        assertThat(BucketsText.parse("{}")).isEmpty();
    }

    @Test
    void growsBeyondItsInitialCapacity() {
        StringBuilder text = new StringBuilder("{");
        for (int k = 0; k < 1000; k++) {
            text.append(k == 0 ? "" : ",").append(k).append(':').append(k + 1);
        }
        Map<Integer, Long> buckets = BucketsText.parse(text.append('}').toString());

        assertThat(buckets).hasSize(1000).containsEntry(999, 1000L);
    }

    @Test
    void refusesOtherText() {
        for (String bad :
                new String[] {
                    "", "{", "{1:}", "{:1}", "{1:2,}", "{1:2 ,3:4}", "{a:1}", "[1:2]", "{1:-2}"
                }) {
            assertThatThrownBy(() -> BucketsText.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a ClickHouse map text");
        }
    }

    @Test
    void refusesCountsBeyondLong() {
        assertThatThrownBy(() -> BucketsText.parse("{1:99999999999999999999}"))
                .isInstanceOf(ArithmeticException.class);
    }
}
