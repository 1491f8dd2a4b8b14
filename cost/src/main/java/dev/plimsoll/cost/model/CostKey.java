package dev.plimsoll.cost.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * What a part of a cost is attributed to within an hour: a currency and either a service (direct
 * cost) or a shared-cost rule (a pool of shared cost).
 *
 * @param currency ISO 4217 code
 * @param shared whether {@code name} is a shared-cost rule rather than a service
 * @param name the service, or the rule
 */
public record CostKey(String currency, boolean shared, String name) implements Comparable<CostKey> {

    private static final Comparator<CostKey> ORDER =
            Comparator.comparing(CostKey::currency)
                    .thenComparing(CostKey::shared)
                    .thenComparing(CostKey::name);

    public CostKey {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(CostKey o) {
        return ORDER.compare(this, o);
    }
}
