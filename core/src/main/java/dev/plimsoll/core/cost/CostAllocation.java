package dev.plimsoll.core.cost;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a period's costs and traffic into {@link CostLine}s: per currency, one row per service that
 * has direct cost or a share of shared cost, and one {@link CostLine#OVERALL overall} row.
 *
 * <p><b>Shared cost</b>: each pool (the shared cost of one {@link SharedCostRule rule} in one
 * currency) is divided by the rule's {@link SharedCostPolicy policy}; a service with weight zero
 * gets nothing, and a pool whose weights are all zero (no traffic in the hour, for the traffic
 * policies) is <em>unallocated</em>: it counts in the overall row's {@code unallocated} and {@code
 * total}, never dropped. Division is exact ({@link Money#split}): the shares of a pool sum to the
 * pool to the last of 18 decimal places.
 *
 * <p><b>Cost per user</b> = a row's total ÷ its distinct active users ({@code null} with none),
 * cost per 1 000 requests likewise. The overall row divides every cost of the currency by the
 * distinct users of all services (a merged count, not a sum).
 *
 * <p><b>Days</b> ({@link #rollUpDay}): a day's row is the exact sum of its hours' rows, with the
 * day's own traffic: its requests are the hours' sum, its distinct users the merged set of its
 * hours' users (supplied by the caller), never the hours' sum.
 *
 * <p>Immutable and thread-safe.
 */
public final class CostAllocation {

    private final SharedCostRules rules;

    public CostAllocation(SharedCostRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * The rows of one period.
     *
     * @param costs the period's costs
     * @param traffic each service's traffic in the period (services without traffic may be absent)
     * @param overallUsers distinct users of all services in the period
     * @return per currency (in order): the service rows in service order, then the overall row
     */
    public List<CostLine> allocate(
            HourCosts costs, Map<String, ServiceTraffic> traffic, long overallUsers) {
        long overallRequests = 0;
        for (ServiceTraffic t : traffic.values()) {
            overallRequests += t.requests();
        }
        List<CostLine> lines = new ArrayList<>();
        for (String currency : costs.currencies()) {
            TreeMap<String, Row> rows = new TreeMap<>();
            costs.direct(currency).forEach((service, amount) -> row(rows, service).direct = amount);
            BigDecimal unallocated = Money.ZERO;
            BigDecimal shared = Money.ZERO;
            SortedSet<String> overallPolicies = new TreeSet<>();
            for (Map.Entry<String, BigDecimal> pool : costs.shared(currency).entrySet()) {
                SharedCostRule rule = rules.named(pool.getKey());
                overallPolicies.add(rule.policy().id());
                shared = shared.add(pool.getValue());
                if (!divide(pool.getValue(), rule, traffic, rows)) {
                    unallocated = unallocated.add(pool.getValue());
                }
            }
            BigDecimal direct = Money.ZERO;
            BigDecimal allocated = Money.ZERO;
            for (Map.Entry<String, Row> e : rows.entrySet()) {
                Row r = e.getValue();
                direct = direct.add(r.direct);
                allocated = allocated.add(r.shared);
                ServiceTraffic t = traffic.getOrDefault(e.getKey(), ServiceTraffic.NONE);
                lines.add(
                        line(
                                e.getKey(),
                                currency,
                                r.direct,
                                r.shared,
                                Money.ZERO,
                                t,
                                String.join("+", r.policies)));
            }
            lines.add(
                    line(
                            CostLine.OVERALL,
                            currency,
                            direct,
                            allocated,
                            unallocated,
                            new ServiceTraffic(overallRequests, overallUsers),
                            String.join("+", overallPolicies)));
            assert direct.add(shared).compareTo(direct.add(allocated).add(unallocated)) == 0;
        }
        return lines;
    }

    /** Divides one pool among services; false when no service has a weight (unallocated). */
    private static boolean divide(
            BigDecimal amount,
            SharedCostRule rule,
            Map<String, ServiceTraffic> traffic,
            TreeMap<String, Row> rows) {
        List<String> services = new ArrayList<>();
        BigDecimal[] parts;
        if (rule.policy() == SharedCostPolicy.WEIGHTS) {
            List<BigDecimal> weights = new ArrayList<>();
            rule.weights()
                    .forEach(
                            (service, weight) -> {
                                if (weight.signum() > 0) {
                                    services.add(service);
                                    weights.add(weight);
                                }
                            });
            if (services.isEmpty()) {
                return false;
            }
            parts = Money.split(amount, weights.toArray(BigDecimal[]::new));
        } else {
            List<Long> weights = new ArrayList<>();
            new TreeMap<>(traffic)
                    .forEach(
                            (service, t) -> {
                                long w =
                                        switch (rule.policy()) {
                                            case REQUESTS -> t.requests();
                                            case USERS -> t.users();
                                            case EVEN -> t.requests() > 0 ? 1 : 0;
                                            case WEIGHTS -> throw new AssertionError();
                                        };
                                if (w > 0) {
                                    services.add(service);
                                    weights.add(w);
                                }
                            });
            if (services.isEmpty()) {
                return false;
            }
            parts = Money.split(amount, weights.stream().mapToLong(Long::longValue).toArray());
        }
        for (int i = 0; i < services.size(); i++) {
            Row r = row(rows, services.get(i));
            r.shared = r.shared.add(parts[i]);
            r.policies.add(rule.policy().id());
        }
        return true;
    }

    /**
     * A day's rows from its hours' rows.
     *
     * @param hourLines the rows of every hour of the day (any order)
     * @param dayTraffic each service's traffic over the whole day: requests summed, users merged
     * @param overall all services' traffic over the day (users merged across services and hours)
     * @return per currency (in order): the service rows in service order, then the overall row
     */
    public static List<CostLine> rollUpDay(
            List<CostLine> hourLines,
            Map<String, ServiceTraffic> dayTraffic,
            ServiceTraffic overall) {
        TreeMap<String, TreeMap<String, Row>> byCurrency = new TreeMap<>();
        for (CostLine h : hourLines) {
            Row r =
                    byCurrency
                            .computeIfAbsent(h.currency(), c -> new TreeMap<>())
                            .computeIfAbsent(h.service(), s -> new Row());
            r.direct = r.direct.add(h.direct());
            r.shared = r.shared.add(h.sharedAllocated());
            r.unallocated = r.unallocated.add(h.unallocated());
            if (!h.policy().isEmpty()) {
                r.policies.addAll(List.of(h.policy().split("\\+")));
            }
        }
        List<CostLine> lines = new ArrayList<>();
        byCurrency.forEach(
                (currency, rows) -> {
                    Row all = rows.remove(CostLine.OVERALL);
                    rows.forEach(
                            (service, r) ->
                                    lines.add(
                                            line(
                                                    service,
                                                    currency,
                                                    r.direct,
                                                    r.shared,
                                                    Money.ZERO,
                                                    dayTraffic.getOrDefault(
                                                            service, ServiceTraffic.NONE),
                                                    String.join("+", r.policies))));
                    if (all != null) {
                        lines.add(
                                line(
                                        CostLine.OVERALL,
                                        currency,
                                        all.direct,
                                        all.shared,
                                        all.unallocated,
                                        overall,
                                        String.join("+", all.policies)));
                    }
                });
        return lines;
    }

    private static CostLine line(
            String service,
            String currency,
            BigDecimal direct,
            BigDecimal shared,
            BigDecimal unallocated,
            ServiceTraffic traffic,
            String policy) {
        BigDecimal total = direct.add(shared).add(unallocated);
        return new CostLine(
                service,
                currency,
                direct,
                shared,
                unallocated,
                total,
                traffic.users(),
                traffic.requests(),
                Money.perUser(total, traffic.users()),
                Money.perThousandRequests(total, traffic.requests()),
                policy);
    }

    private static Row row(TreeMap<String, Row> rows, String service) {
        return rows.computeIfAbsent(service, s -> new Row());
    }

    private static final class Row {
        BigDecimal direct = Money.ZERO;
        BigDecimal shared = Money.ZERO;
        BigDecimal unallocated = Money.ZERO;
        final SortedSet<String> policies = new TreeSet<>();
    }
}
