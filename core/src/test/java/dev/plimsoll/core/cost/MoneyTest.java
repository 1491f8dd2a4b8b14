package dev.plimsoll.core.cost;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void splitsByWeightsWithLargestRemainders() {
        // 0.10 × 2/3 = 0.0666...|67, × 1/3 = 0.0333...|33: the 2/3 share has the larger remainder.
        assertThat(Money.split(d("0.10"), new long[] {2, 1}))
                .containsExactly(d("0.066666666666666667"), d("0.033333333333333333"));
        assertThat(Money.split(d("0.10"), new BigDecimal[] {d("0.6"), d("0.4")}))
                .containsExactly(d("0.060000000000000000"), d("0.040000000000000000"));
        assertThat(Money.split(d("1"), new long[] {0, 1, 0}))
                .containsExactly(Money.ZERO, d("1.000000000000000000"), Money.ZERO);
    }

    @Test
    void partsAlwaysSumToTheWholeOnRandomInput() {
        Random random = new Random(42);
        for (int run = 0; run < 2000; run++) {
            BigDecimal amount =
                    new BigDecimal(
                            BigInteger.valueOf(random.nextLong() % 1_000_000_000_000L),
                            random.nextInt(19));
            long[] weights = new long[1 + random.nextInt(40)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(1_000_000);
            }
            if (Arrays.stream(weights).sum() == 0) {
                weights[0] = 1;
            }
            BigDecimal[] parts = Money.split(amount, weights);
            assertThat(Arrays.stream(parts).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualByComparingTo(amount);
            long total = Arrays.stream(weights).sum();
            for (int i = 0; i < parts.length; i++) {
                // each part is within one unit (10^-18) of its exact share
                BigDecimal exact =
                        amount.multiply(BigDecimal.valueOf(weights[i]))
                                .divide(
                                        BigDecimal.valueOf(total),
                                        40,
                                        java.math.RoundingMode.HALF_EVEN);
                assertThat(parts[i].subtract(exact).abs()).isLessThan(d("1E-18"));
                if (weights[i] == 0) {
                    assertThat(parts[i].signum()).isZero();
                }
            }
        }
    }

    @Test
    void perUserAndPerThousandRequests() {
        assertThat(Money.perUser(d("2.5"), 35)).isEqualTo(d("0.071428571428571429"));
        assertThat(Money.perUser(d("2.5"), 0)).isNull();
        assertThat(Money.perThousandRequests(d("1.95"), 300)).isEqualTo(d("6.500000000000000000"));
        assertThat(Money.perThousandRequests(d("-0.000000000000000001"), 3))
                .isEqualTo(d("-0.000000000000000333"));
        assertThat(Money.perThousandRequests(d("1"), 0)).isNull();
    }

    @Test
    void refusesWhatWouldNeedRounding() {
        assertThatThrownBy(() -> Money.exact(d("0.0000000000000000001")))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.split(d("1"), new long[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights must not all be zero");
        assertThatThrownBy(() -> Money.split(d("1"), new long[] {1, -1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
