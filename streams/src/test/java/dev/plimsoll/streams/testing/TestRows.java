package dev.plimsoll.streams.testing;

import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.row.ServiceMinuteRowJson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Service-minute rows for tests: made-up ones that are easy to sum, decoding, describing. */
public final class TestRows {

    private TestRows() {}

    /**
     * {@code n} rows of service {@code service}: operations {@code op0..op4} (and the whole service
     * every sixth row), consecutive minutes from {@code first}; row {@code i} has count {@code i +
     * 1}.
     */
    public static List<ServiceMinuteRow> rows(String service, Instant first, int n) {
        List<ServiceMinuteRow> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long count = i + 1;
            String operation = i % 6 == 5 ? "" : "op" + (i % 6);
            rows.add(
                    new ServiceMinuteRow(
                            "",
                            service,
                            operation,
                            first.plus(Duration.ofMinutes(i / 6)),
                            count,
                            count / 3,
                            count * 2.5,
                            1.0,
                            4.0,
                            0,
                            Map.of(100 + i % 7, count),
                            1 + i % 3,
                            count * 2.5,
                            operation.isEmpty() ? new long[] {-1L, i} : new long[0],
                            0));
        }
        return rows;
    }

    public static long sumOfCounts(List<ServiceMinuteRow> rows) {
        return rows.stream().mapToLong(ServiceMinuteRow::count).sum();
    }

    /** A row from its JSON on the output topic; JSON that is not a row fails the test. */
    public static ServiceMinuteRow decode(byte[] value) {
        try {
            return ServiceMinuteRowJson.decode(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** {@code minute|service|operation|count|sumMs}: a row in one string, for assertions. */
    public static String describe(ServiceMinuteRow r) {
        return r.minute()
                + "|"
                + r.service()
                + "|"
                + r.operation()
                + "|"
                + r.count()
                + "|"
                + r.sumMs();
    }
}
