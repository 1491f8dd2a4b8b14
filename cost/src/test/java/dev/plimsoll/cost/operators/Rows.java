package dev.plimsoll.cost.operators;

import dev.plimsoll.core.cost.CostLine;
import dev.plimsoll.cost.model.CostRow;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;

/** One-line renderings of rows, for readable exact expectations. */
final class Rows {

    private Rows() {}

    /**
     * {@code HOUR 10 orders USD 1.2+0.75+0=1.95 users=3 req=300 cpu=0.65 cpk=6.5 requests final}:
     * period and hour of day (or {@code DAY}), service ({@code *} for all), currency, direct +
     * shared + unallocated = total, users, requests, cost per user, per 1 000 requests (exact,
     * trailing zeros dropped; {@code -} for null), policy, flags.
     */
    static String render(CostRow r) {
        CostLine l = r.line();
        String when =
                r.period() == CostRow.Period.HOUR
                        ? "HOUR "
                                + Instant.ofEpochSecond(r.start()).atZone(ZoneOffset.UTC).getHour()
                        : "DAY "
                                + Instant.ofEpochSecond(r.start())
                                        .atZone(ZoneOffset.UTC)
                                        .toLocalDate();
        if (r.deleted()) {
            return when
                    + " "
                    + (l.service().isEmpty() ? "*" : l.service())
                    + " "
                    + l.currency()
                    + " DELETED";
        }
        return when
                + " "
                + (l.service().isEmpty() ? "*" : l.service())
                + " "
                + l.currency()
                + " "
                + plain(l.direct())
                + "+"
                + plain(l.sharedAllocated())
                + "+"
                + plain(l.unallocated())
                + "="
                + plain(l.total())
                + " users="
                + l.activeUsers()
                + " req="
                + l.requests()
                + " cpu="
                + plain(l.costPerUser())
                + " cpk="
                + plain(l.costPerThousandRequests())
                + (l.policy().isEmpty() ? "" : " " + l.policy())
                + (r.finalRow() ? " final" : "");
    }

    static String plain(BigDecimal d) {
        if (d == null) {
            return "-";
        }
        assert d.scale() == 18 : d;
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
