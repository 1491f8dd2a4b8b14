package dev.plimsoll.core.cost;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cost of one period (an hour), summed by currency: direct cost per service and shared cost per
 * {@link SharedCostRule rule} (pool). Exact; amounts at 18 decimal places. Mutable, not
 * thread-safe.
 */
public final class HourCosts {

    private final SortedMap<String, SortedMap<String, BigDecimal>> direct = new TreeMap<>();
    private final SortedMap<String, SortedMap<String, BigDecimal>> shared = new TreeMap<>();

    /** Adds cost owned by {@code service}. */
    public HourCosts addDirect(String currency, String service, BigDecimal amount) {
        direct.computeIfAbsent(currency, c -> new TreeMap<>())
                .merge(service, Money.exact(amount), BigDecimal::add);
        return this;
    }

    /** Adds shared cost taken by the rule named {@code rule}. */
    public HourCosts addShared(String currency, String rule, BigDecimal amount) {
        shared.computeIfAbsent(currency, c -> new TreeMap<>())
                .merge(rule, Money.exact(amount), BigDecimal::add);
        return this;
    }

    /** Whether nothing was added. */
    public boolean isEmpty() {
        return direct.isEmpty() && shared.isEmpty();
    }

    /** The currencies with any cost, in order. */
    public NavigableSet<String> currencies() {
        NavigableSet<String> all = new TreeSet<>(direct.keySet());
        all.addAll(shared.keySet());
        return all;
    }

    /** Direct cost per service in {@code currency}, in service order. */
    public SortedMap<String, BigDecimal> direct(String currency) {
        return Collections.unmodifiableSortedMap(direct.getOrDefault(currency, new TreeMap<>()));
    }

    /** Shared cost per rule in {@code currency}, in rule-name order. */
    public SortedMap<String, BigDecimal> shared(String currency) {
        return Collections.unmodifiableSortedMap(shared.getOrDefault(currency, new TreeMap<>()));
    }

    @Override
    public String toString() {
        return "HourCosts[direct=" + direct + ", shared=" + shared + "]";
    }
}
