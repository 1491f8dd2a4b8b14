package dev.plimsoll.streams.minute;

import dev.plimsoll.core.aggregate.ServiceMinuteAggregate;
import dev.plimsoll.core.aggregate.ServiceMinuteKey;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.row.ServiceMinuteRowJson;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A minute with more distinct users than the cap: the row says it holds a sample, and how. */
class RowsTest {

    private static final long MINUTE = Instant.parse("2025-03-01T10:00:00Z").getEpochSecond();
    private static final int USERS = 70_000;

    @Test
    void aMinuteAboveTheUsersCapCarriesItsSampleAndShift() throws Exception {
        ServiceMinuteKey key = new ServiceMinuteKey("", "wide", "", MINUTE * 1_000_000);
        ServiceMinuteAggregate aggregate =
                new ServiceMinuteAggregate(
                        MINUTE * 1_000_000,
                        ServiceMinuteProcessor.MINUTE_MICROS,
                        DistinctUsers.DEFAULT_CAP);
        Set<Long> all = new HashSet<>();
        for (int i = 0; i < USERS; i++) {
            aggregate.addRequest(
                    new RequestEvent(
                            "wide",
                            "GET /",
                            MINUTE * 1_000_000 + i * 800L,
                            1,
                            200,
                            false,
                            "user-" + i,
                            null));
            all.add(UserIdHash.hash("user-" + i));
        }
        // brute force: 70 000 > 65 536 hashes; those with the top bit zero are about half
        long topBitZero = all.stream().filter(h -> h >= 0).count();
        assertThat(topBitZero).isLessThanOrEqualTo(DistinctUsers.DEFAULT_CAP);

        ServiceMinuteRow row = Rows.toRow(key, aggregate);

        assertThat(row.usersSampleShift()).isEqualTo(1);
        assertThat(row.userCount()).isEqualTo((int) topBitZero);
        assertThat(Arrays.stream(row.users())).allMatch(h -> h >= 0 && all.contains(h));
        assertThat(ServiceMinuteRowJson.decode(ServiceMinuteRowJson.encode(row))).isEqualTo(row);
    }

    @Test
    void aRowWithoutTheShiftFieldIsComplete() throws Exception {
        String json =
                "{\"v\":1,\"tenant\":\"\",\"service\":\"s\",\"operation\":\"\","
                        + "\"minute\":\"2025-03-01T10:00:00Z\",\"count\":1,\"users\":[\"7\"]}";

        ServiceMinuteRow row = ServiceMinuteRowJson.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(row.usersSampleShift()).isZero();
        assertThat(row.users()).containsExactly(7L);
    }
}
