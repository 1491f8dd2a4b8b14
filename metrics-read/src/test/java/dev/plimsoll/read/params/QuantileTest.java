package dev.plimsoll.read.params;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantileTest {

    @Test
    void namesFieldsByPercent() {
        assertThat(Quantile.parseList("0.5,0.95,0.99,0.999,0.9999,0,1,0.001,0.50"))
                .extracting(Quantile::field)
                .containsExactly("p50", "p95", "p99", "p99_9", "p99_99", "p0", "p100", "p0_1");
    }

    @Test
    void keepsValuesAndOrderAndDropsDuplicates() {
        assertThat(Quantile.parseList(" 0.99 , 0.5,0.990"))
                .containsExactly(new Quantile(0.99, "p99"), new Quantile(0.5, "p50"));
    }

    @Test
    void defaultIsMedianP95AndP99() {
        assertThat(Quantile.parseList(Quantile.DEFAULT))
                .extracting(Quantile::field)
                .containsExactly("p50", "p95", "p99");
    }

    @Test
    void unknownQuantilesAreNamedAll() {
        assertThatThrownBy(() -> Quantile.parseList("0.5,1.5,p95,0.12345"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'1.5', 'p95', '0.12345' are not known quantiles; use numbers from 0 to 1"
                                + " with at most 4 decimals, such as 0.5,0.95,0.99.");
    }

    @Test
    void emptyItemsAreUnknown() {
        assertThatThrownBy(() -> Quantile.parseList(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'' is not a known quantile");
        assertThatThrownBy(() -> Quantile.parseList("0.5,"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atMostTwentyQuantiles() {
        StringBuilder many = new StringBuilder("0.01");
        for (int i = 2; i <= 21; i++) {
            many.append(",0.").append(String.format("%02d", i));
        }
        assertThat(Quantile.parseList(many.toString().replace(",0.21", ""))).hasSize(20);
        assertThatThrownBy(() -> Quantile.parseList(many.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at most 20 quantiles per request, but 21 were asked for.");
    }

    @Test
    void valuesAreExactDecimals() {
        List<Quantile> quantiles = Quantile.parseList("0.95");

        assertThat(quantiles.get(0).value()).isEqualTo(0.95);
    }
}
