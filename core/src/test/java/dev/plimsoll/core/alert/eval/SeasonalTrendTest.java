package dev.plimsoll.core.alert.eval;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SeasonalTrendTest {

    /**
     * Four days, every hour of the day rising 1, 2, 3, 4 (all 24 seasons move together). Per season
     * S_g = 6 (all pairs concordant), Var_g = 4·3·13/18 = 26/3. The seasons are perfectly
     * correlated: K_gh = 6, Σ R_ig R_ih = 1+4+9+16 = 30, σ_gh = (6 + 120 − 100)/3 = 26/3, so Var(S)
     * = 24² · 26/3 = 4992 (not 24 · 26/3 = 208 as for independent seasons). S = 144, Z = 143/√4992
     * = 2.0239; slope 1 per day; level = median of 1..4 = 2.5.
     */
    @Test
    void perfectlyCorrelatedSeasonsCountAsOne() {
        double[] v = new double[4 * 24];
        for (int d = 0; d < 4; d++) {
            Arrays.fill(v, d * 24, (d + 1) * 24, d + 1);
        }

        SeasonalTrend.Result r = SeasonalTrend.test(v);

        assertThat(r.s()).isEqualTo(144);
        assertThat(r.variance()).isCloseTo(4992, within(1e-9));
        assertThat(r.z()).isCloseTo(143 / Math.sqrt(4992), within(1e-12));
        assertThat(r.pUp()).isCloseTo(0.02149, within(1e-4));
        assertThat(r.slopePerDay()).isEqualTo(1.0);
        assertThat(r.level()).isEqualTo(2.5);
        assertThat(r.relativeSlopePerDay()).isEqualTo(0.4);
    }

    /**
     * Independent noise: S and the per-season variance against a brute-force count over every pair
     * of values with the same hour, and the variance never below the independent one.
     */
    @Test
    void agreesWithABruteForceCount() {
        Random random = new Random(3);
        double[] v = new double[7 * 24];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt(50) + i / 100.0; // ties possible within a season? no: i differs
        }
        v[5] = Double.NaN;
        v[24 + 7] = Double.NaN;

        SeasonalTrend.Result r = SeasonalTrend.test(v);

        long s = 0;
        double independent = 0;
        for (int h = 0; h < 24; h++) {
            int n = 0;
            for (int i = 0; i < 7; i++) {
                double a = v[i * 24 + h];
                if (Double.isNaN(a)) {
                    continue;
                }
                n++;
                for (int j = i + 1; j < 7; j++) {
                    double b = v[j * 24 + h];
                    if (!Double.isNaN(b)) {
                        s += Long.signum(Double.compare(b, a));
                    }
                }
            }
            independent += n * (n - 1) * (2 * n + 5) / 18.0;
        }
        assertThat(r.s()).isEqualTo(s);
        assertThat(r.variance()).isGreaterThanOrEqualTo(independent - 1e-9);
        assertThat(r.values()).isEqualTo(7 * 24 - 2);
    }

    @Test
    void aDailyPatternIsNoTrend() {
        double[] v = new double[7 * 24];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 30 * Math.sin(2 * Math.PI * (i % 24) / 24); // identical every day
        }

        SeasonalTrend.Result r = SeasonalTrend.test(v);

        assertThat(r.s()).isZero(); // all ties within each season
        assertThat(r.pUp()).isEqualTo(1.0);
        assertThat(r.slopePerDay()).isZero();
    }

    @Test
    void refusesPartialDaysAndSingleDays() {
        assertThatThrownBy(() -> SeasonalTrend.test(new double[25]))
                .isInstanceOf(IllegalArgumentException.class);
        double[] one = new double[48];
        Arrays.fill(one, Double.NaN);
        one[3] = 1;
        assertThatThrownBy(() -> SeasonalTrend.test(one)).hasMessageContaining("two days");
    }
}
