package dev.plimsoll.cost.model;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one scope (an import's billing account and period, or one record id) says about the
 * hours of one UTC day, replacing what it said before; empty when it says nothing any more (a
 * restatement moved or removed its costs).
 *
 * @param scope the scope key
 * @param day epoch day
 * @param hours hour start (epoch seconds) → cost key → amount (18 decimal places)
 */
public record ScopeDay(
        String scope, long day, SortedMap<Long, SortedMap<CostKey, BigDecimal>> hours)
        implements DayInput {

    public ScopeDay {
        Objects.requireNonNull(scope, "scope");
        TreeMap<Long, SortedMap<CostKey, BigDecimal>> copy = new TreeMap<>();
        for (Map.Entry<Long, SortedMap<CostKey, BigDecimal>> h : hours.entrySet()) {
            if (Math.floorDiv(h.getKey(), 86_400L) != day) {
                throw new IllegalArgumentException("hour " + h.getKey() + " is not in day " + day);
            }
            copy.put(h.getKey(), Collections.unmodifiableSortedMap(new TreeMap<>(h.getValue())));
        }
        hours = Collections.unmodifiableSortedMap(copy);
    }

    /** The epoch day of an hour start. */
    public static long dayOf(long hour) {
        return Math.floorDiv(hour, 86_400L);
    }
}
