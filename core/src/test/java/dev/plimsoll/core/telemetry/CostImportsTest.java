package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CostImportsTest {

    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-03-05T08:00:00Z");

    private static CostRecord row(String cost, Map<String, String> tags) {
        return new CostRecord(
                "placeholder",
                null,
                "i-1",
                START,
                START.plusSeconds(3600),
                new BigDecimal(cost),
                "USD",
                tags);
    }

    @Test
    void stampsEveryRowWithTheScopeGenerationAndPosition() {
        List<CostRecord> stamped =
                CostImports.stamp(
                        "123456789012",
                        START,
                        END,
                        List.of(row("1.5", Map.of()), row("-0.2", Map.of("app", "api"))),
                        false,
                        NOW);
        CostImport first = stamped.get(0).costImport();
        assertThat(first.generation()).hasSize(32).matches("[0-9a-f]+");
        assertThat(stamped)
                .extracting(CostRecord::recordId)
                .containsExactly(
                        first.generation().substring(0, 16) + ":0",
                        first.generation().substring(0, 16) + ":1");
        assertThat(stamped)
                .extracting(CostRecord::costImport)
                .containsExactly(
                        new CostImport("123456789012", START, END, first.generation(), 2, 0, NOW),
                        new CostImport("123456789012", START, END, first.generation(), 2, 1, NOW));
        assertThat(stamped.get(1).cost()).isEqualTo(new BigDecimal("-0.2"));
    }

    @Test
    void theGenerationDependsOnContentAndScopeOnly() {
        List<CostRecord> rows = List.of(row("1.5", Map.of("b", "2", "a", "1")), row("2", Map.of()));
        String g = gen("acct", rows);
        assertThat(
                        gen(
                                "acct",
                                List.of(
                                        row("1.50", Map.of("a", "1", "b", "2")),
                                        row("2.0", Map.of()))))
                .as("same amounts, same tags in another order")
                .isEqualTo(g);
        assertThat(
                        CostImports.stamp("acct", START, END, rows, false, NOW.plusSeconds(60))
                                .get(0)
                                .costImport()
                                .generation())
                .as("uploaded again later")
                .isEqualTo(g);
        assertThat(
                        gen(
                                "acct",
                                List.of(
                                        row("1.5", Map.of("b", "2", "a", "1")),
                                        row("2.000000000000000001", Map.of()))))
                .isNotEqualTo(g);
        assertThat(gen("acct", rows.subList(0, 1))).isNotEqualTo(g);
        assertThat(gen("acct", List.of(rows.get(1), rows.get(0)))).isNotEqualTo(g);
        assertThat(gen("other", rows)).isNotEqualTo(g);
        assertThat(
                        gen(
                                "acct",
                                List.of(
                                        row("1.5", Map.of("b", "2", "a", "1:")),
                                        row("2", Map.of()))))
                .isNotEqualTo(g);
    }

    @Test
    void recordIdsFromTheExportAreKeptAndHashed() {
        CostRecord a = row("1", Map.of());
        CostRecord b =
                new CostRecord(
                        "x-7",
                        null,
                        "i-1",
                        START,
                        START.plusSeconds(3600),
                        BigDecimal.ONE,
                        "USD",
                        Map.of());
        List<CostRecord> stamped = CostImports.stamp("acct", START, END, List.of(b), true, NOW);
        assertThat(stamped.get(0).recordId()).isEqualTo("x-7");
        assertThat(CostImports.generation("s", List.of(a), true))
                .isNotEqualTo(CostImports.generation("s", List.of(b), true));
        assertThat(CostImports.generation("s", List.of(a), false))
                .isEqualTo(CostImports.generation("s", List.of(b), false));
    }

    private static String gen(String account, List<CostRecord> rows) {
        return CostImports.stamp(account, START, END, rows, false, NOW)
                .get(0)
                .costImport()
                .generation();
    }
}
