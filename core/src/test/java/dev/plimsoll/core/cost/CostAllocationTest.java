package dev.plimsoll.core.cost;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Hand-computed expectations; every amount at 18 decimal places, every sum exact. */
class CostAllocationTest {

    private static final CostAllocation BY_REQUESTS =
            new CostAllocation(SharedCostRules.defaults());

    private static BigDecimal d(String s) {
        return s == null ? null : new BigDecimal(s).setScale(18);
    }

    private static CostLine line(
            String service,
            String currency,
            String direct,
            String shared,
            String unallocated,
            String total,
            long users,
            long requests,
            String perUser,
            String perThousand,
            String policy) {
        return new CostLine(
                service,
                currency,
                d(direct),
                d(shared),
                d(unallocated),
                d(total),
                users,
                requests,
                perUser == null ? null : new BigDecimal(perUser),
                perThousand == null ? null : new BigDecimal(perThousand),
                policy);
    }

    private static final Map<String, ServiceTraffic> TRAFFIC =
            Map.of(
                    "orders", new ServiceTraffic(300, 30),
                    "search", new ServiceTraffic(100, 10),
                    "idle", new ServiceTraffic(0, 0));

    @Test
    void sharedCostFollowsRequestsByDefault() {
        HourCosts costs =
                new HourCosts()
                        .addDirect("USD", "orders", d("1.20"))
                        .addDirect("USD", "search", d("0.30"))
                        .addShared("USD", SharedCostRules.DEFAULT_RULE, d("1.00"));
        // shared 1.00 by requests 300:100 → 0.75 and 0.25; overall users 35 (5 use both)
        assertThat(BY_REQUESTS.allocate(costs, TRAFFIC, 35))
                .containsExactly(
                        line(
                                "orders",
                                "USD",
                                "1.2",
                                "0.75",
                                "0",
                                "1.95",
                                30,
                                300,
                                "0.065000000000000000",
                                "6.500000000000000000",
                                "requests"),
                        line(
                                "search",
                                "USD",
                                "0.3",
                                "0.25",
                                "0",
                                "0.55",
                                10,
                                100,
                                "0.055000000000000000",
                                "5.500000000000000000",
                                "requests"),
                        line(
                                "",
                                "USD",
                                "1.5",
                                "1.0",
                                "0",
                                "2.5",
                                35,
                                400,
                                "0.071428571428571429",
                                "6.250000000000000000",
                                "requests"));
    }

    @Test
    void eachPolicyDividesItsPool() {
        SharedCostRules rules =
                SharedCostRules.of(
                        List.of(
                                SharedCostRule.parse("name=people; tag=team:people; policy=users"),
                                SharedCostRule.parse("name=flat; tag=flat; policy=even"),
                                SharedCostRule.parse(
                                        "name=support; policy=weights; weights=orders:2,search:1")),
                        SharedCostPolicy.REQUESTS);
        Map<String, ServiceTraffic> traffic =
                Map.of(
                        "orders", new ServiceTraffic(100, 1),
                        "search", new ServiceTraffic(100, 1),
                        "checkout", new ServiceTraffic(1, 1));
        HourCosts costs =
                new HourCosts()
                        .addShared("USD", "people", d("1")) // 1/3 each by users 1:1:1
                        .addShared("USD", "flat", d("0.30")) // 0.10 each, 3 active services
                        .addShared("USD", "support", d("0.10")); // 2:1 → 0.0666..67, 0.0333..33
        List<CostLine> lines = new CostAllocation(rules).allocate(costs, traffic, 3);
        // users: 1/3 each, the leftover unit to the first in name order (checkout); even: 0.10
        // each; weights 2:1: orders 0.066666666666666667, search 0.033333333333333333.
        assertThat(lines)
                .containsExactly(
                        line(
                                "checkout",
                                "USD",
                                "0",
                                "0.433333333333333334",
                                "0",
                                "0.433333333333333334",
                                1,
                                1,
                                "0.433333333333333334",
                                "433.333333333333334000",
                                "even+users"),
                        line(
                                "orders",
                                "USD",
                                "0",
                                "0.5",
                                "0",
                                "0.5",
                                1,
                                100,
                                "0.500000000000000000",
                                "5.000000000000000000",
                                "even+users+weights"),
                        line(
                                "search",
                                "USD",
                                "0",
                                "0.466666666666666666",
                                "0",
                                "0.466666666666666666",
                                1,
                                100,
                                "0.466666666666666666",
                                "4.666666666666666660",
                                "even+users+weights"),
                        line(
                                "",
                                "USD",
                                "0",
                                "1.4",
                                "0",
                                "1.4",
                                3,
                                201,
                                "0.466666666666666667",
                                "6.965174129353233831",
                                "even+users+weights"));
        BigDecimal allocated =
                lines.subList(0, 3).stream()
                        .map(CostLine::sharedAllocated)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(allocated).isEqualByComparingTo("1.40");
    }

    @Test
    void withoutTrafficSharedCostIsUnallocatedAndAServiceWithoutUsersHasNoCostPerUser() {
        HourCosts costs =
                new HourCosts()
                        .addDirect("USD", "batch", d("0.40"))
                        .addShared("USD", SharedCostRules.DEFAULT_RULE, d("0.25"));
        assertThat(BY_REQUESTS.allocate(costs, Map.of(), 0))
                .containsExactly(
                        line("batch", "USD", "0.40", "0", "0", "0.40", 0, 0, null, null, ""),
                        line("", "USD", "0.40", "0", "0.25", "0.65", 0, 0, null, null, "requests"));
    }

    @Test
    void currenciesStayApartAndCreditsAllocateNegative() {
        HourCosts costs =
                new HourCosts()
                        .addDirect("EUR", "orders", d("2.00"))
                        .addDirect("USD", "orders", d("0.50"))
                        .addDirect("USD", "orders", d("-0.05")) // a credit on the same hour
                        .addShared("USD", SharedCostRules.DEFAULT_RULE, d("-0.30"));
        Map<String, ServiceTraffic> traffic =
                Map.of("orders", new ServiceTraffic(1, 1), "search", new ServiceTraffic(2, 2));
        assertThat(BY_REQUESTS.allocate(costs, traffic, 3))
                .containsExactly(
                        line(
                                "orders",
                                "EUR",
                                "2.00",
                                "0",
                                "0",
                                "2.00",
                                1,
                                1,
                                "2.000000000000000000",
                                "2000.000000000000000000",
                                ""),
                        line(
                                "",
                                "EUR",
                                "2.00",
                                "0",
                                "0",
                                "2.00",
                                3,
                                3,
                                "0.666666666666666667",
                                "666.666666666666666667",
                                ""),
                        line(
                                "orders",
                                "USD",
                                "0.45",
                                "-0.1",
                                "0",
                                "0.35",
                                1,
                                1,
                                "0.350000000000000000",
                                "350.000000000000000000",
                                "requests"),
                        line(
                                "search",
                                "USD",
                                "0",
                                "-0.2",
                                "0",
                                "-0.2",
                                2,
                                2,
                                "-0.100000000000000000",
                                "-100.000000000000000000",
                                "requests"),
                        line(
                                "",
                                "USD",
                                "0.45",
                                "-0.3",
                                "0",
                                "0.15",
                                3,
                                3,
                                "0.050000000000000000",
                                "50.000000000000000000",
                                "requests"));
    }

    @Test
    void elevenDecimalAmountsSumToTheLastDigit() {
        // 0.00001605990 shared 7:3 → 0.000011241930 and 0.000004817970, exact.
        HourCosts costs =
                new HourCosts().addShared("USD", SharedCostRules.DEFAULT_RULE, d("0.00001605990"));
        List<CostLine> lines =
                BY_REQUESTS.allocate(
                        costs,
                        Map.of("a", new ServiceTraffic(7, 0), "b", new ServiceTraffic(3, 0)),
                        0);
        assertThat(lines.get(0).sharedAllocated()).isEqualTo(d("0.00001124193"));
        assertThat(lines.get(1).sharedAllocated()).isEqualTo(d("0.00000481797"));
        assertThat(lines.get(2).total()).isEqualTo(d("0.00001605990"));
        assertThat(lines.get(0).costPerUser()).isNull();
    }

    @Test
    void aDayIsTheSumOfItsHoursWithTheDaysOwnDistinctUsers() {
        List<CostLine> hour0 =
                BY_REQUESTS.allocate(
                        new HourCosts()
                                .addDirect("USD", "orders", d("1"))
                                .addShared("USD", SharedCostRules.DEFAULT_RULE, d("0.5")),
                        Map.of("orders", new ServiceTraffic(10, 4)),
                        4);
        List<CostLine> hour1 =
                BY_REQUESTS.allocate(
                        new HourCosts()
                                .addDirect("USD", "orders", d("2"))
                                .addShared("USD", SharedCostRules.DEFAULT_RULE, d("0.7")),
                        Map.of(),
                        0);
        List<CostLine> all = new java.util.ArrayList<>(hour0);
        all.addAll(hour1);
        // the same 4 users came back in hour 2 with 6 more: the day has 10, not 4 + 10.
        List<CostLine> day =
                CostAllocation.rollUpDay(
                        all,
                        Map.of("orders", new ServiceTraffic(30, 10)),
                        new ServiceTraffic(30, 10));
        assertThat(day)
                .containsExactly(
                        line(
                                "orders",
                                "USD",
                                "3",
                                "0.5",
                                "0",
                                "3.5",
                                10,
                                30,
                                "0.350000000000000000",
                                "116.666666666666666667",
                                "requests"),
                        line(
                                "",
                                "USD",
                                "3",
                                "0.5",
                                "0.7",
                                "4.2",
                                10,
                                30,
                                "0.420000000000000000",
                                "140.000000000000000000",
                                "requests"));
    }
}
