package dev.plimsoll.queryapi;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.core.users.UserIdHash;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.queryapi.support.ApiServer;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.TestClickHouse;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code /users} over minutes whose user sets were sampled (more distinct users than the streams
 * job keeps per service-minute), on the real engine.
 *
 * <p>{@code wide}: 10:00 users w0..w99999, 10:01 w70000..w139999, 10:02 w0..w999: 140 000 distinct
 * users; the first two minutes exceed the cap of 65 536 and are aggregated (as the streams job
 * does, core's pre-aggregator) into samples. The expected values are worked out here by brute force
 * from the user-id hashes.
 *
 * <p>{@code tiny}: hand-made rows small enough for {@code uniqCombined64} to count exactly, hashes
 * chosen by their top bits: 10:00 (shift 0) {1, 2, 2^62+1, 2^63+1}; 10:01 (shift 1) {2, 3, 2^62+2};
 * 10:02 (shift 2) {3, 4, 5}.
 */
@MicronautTest
class SampledUsersTest extends ApiServer {

    private static final Instant DAY =
            LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final long TEN = DAY.getEpochSecond() + 10 * 3600;

    /** The users of each of wide's minutes 10:00, 10:01, 10:02. */
    private static final List<List<String>> WIDE_MINUTES =
            List.of(ids(0, 100_000), ids(70_000, 140_000), ids(0, 1_000));

    @Override
    protected String clickHouseUrl() {
        String url = TestClickHouse.createDatabase("sampled_users");
        List<RequestEvent> events = new ArrayList<>();
        for (int m = 0; m < WIDE_MINUTES.size(); m++) {
            long start = (TEN + 60L * m) * 1_000_000;
            List<String> users = WIDE_MINUTES.get(m);
            for (int i = 0; i < users.size(); i++) {
                events.add(
                        new RequestEvent(
                                "wide",
                                "GET /",
                                start + i * 500L,
                                5,
                                200,
                                false,
                                users.get(i),
                                null));
            }
        }
        MinuteRows.insert(url, events);
        MinuteRows.insertUsers(
                url, "tiny", TEN, new long[] {1, 2, (1L << 62) + 1, Long.MIN_VALUE + 1}, 0);
        MinuteRows.insertUsers(url, "tiny", TEN + 60, new long[] {2, 3, (1L << 62) + 2}, 1);
        MinuteRows.insertUsers(url, "tiny", TEN + 120, new long[] {3, 4, 5}, 2);
        return url;
    }

    @Test
    void minutePointsAreCorrectedExactly() {
        // 10:00 complete: 4 users. 10:01 shift 1: 3 hashes × 2. 10:02 shift 2: 3 hashes × 4.
        JsonNode points = users("tiny", "10:00", "10:03", "1m");

        assertThat(points.toString())
                .isEqualTo(
                        "[{\"t\":\""
                                + at("10:00")
                                + "\",\"activeUsers\":4,\"sampled\":false,\"sampleShift\":0,"
                                + "\"lowerBound\":false,\"corrected\":false},"
                                + "{\"t\":\""
                                + at("10:01")
                                + "\",\"activeUsers\":6,\"sampled\":true,\"sampleShift\":1,"
                                + "\"lowerBound\":false,\"corrected\":false},"
                                + "{\"t\":\""
                                + at("10:02")
                                + "\",\"activeUsers\":12,\"sampled\":true,\"sampleShift\":2,"
                                + "\"lowerBound\":false,\"corrected\":false}]");
    }

    @Test
    void aPointOfMinutesIsFilteredAtItsLargestShift() {
        // Shift 2: the hashes with the top two bits zero: {1, 2} ∪ {2, 3} ∪ {3, 4, 5} = 5, × 4.
        // Unfiltered, the union would hold 8 hashes.
        JsonNode point = users("tiny", "10:00", "10:03", null).get(0);

        assertThat(point.get("activeUsers").asLong()).isEqualTo(20);
        assertThat(point.get("sampled").asBoolean()).isTrue();
        assertThat(point.get("sampleShift").asInt()).isEqualTo(2);
        assertThat(point.get("lowerBound").asBoolean()).isFalse();
    }

    @Test
    void rollupPointsAreMarkedAsLowerBounds() {
        // The 10:00 hour row: the union of the stored hashes, 8, uncorrected.
        JsonNode hour = users("tiny", "10:00", "11:00", "1h").get(0);
        assertThat(hour.get("activeUsers").asLong()).isEqualTo(8);
        assertThat(hour.get("sampled").asBoolean()).isTrue();
        assertThat(hour.get("sampleShift").asInt()).isEqualTo(2);
        assertThat(hour.get("lowerBound").asBoolean()).isTrue();

        // 09:59 .. 11:00: the minute 09:59 and the hour row: still a rollup in the point.
        JsonNode mixed = users("tiny", "09:59", "11:00", null).get(0);
        assertThat(mixed.get("activeUsers").asLong()).isEqualTo(8);
        assertThat(mixed.get("lowerBound").asBoolean()).isTrue();

        // The whole day from the day rollup.
        JsonNode day = users("tiny", "00:00", "+1 00:00", null).get(0);
        assertThat(day.get("sampleShift").asInt()).isEqualTo(2);
        assertThat(day.get("lowerBound").asBoolean()).isTrue();
    }

    @Test
    void moreThanTheCapInAMinuteIsEstimatedFromTheSample() {
        // Brute force: each minute keeps its hashes with the top s bits zero, s the smallest
        // shift leaving at most 65 536 of them. The point's estimate filters the union of the
        // true hashes at the largest s and multiplies by 2^s.
        List<Set<Long>> minutes = WIDE_MINUTES.stream().map(SampledUsersTest::hashes).toList();
        int shift = minutes.stream().mapToInt(SampledUsersTest::capShift).max().orElseThrow();
        Set<Long> union = new HashSet<>();
        minutes.forEach(union::addAll);
        long sample = union.stream().filter(h -> topBitsZero(h, shift)).count();
        long expected = sample << shift;
        assertThat(shift).isEqualTo(1);
        assertThat(union).hasSize(140_000);
        assertThat((double) expected).isCloseTo(140_000, within(140_000 * 0.02));

        JsonNode point = users("wide", "10:00", "10:03", null).get(0);

        assertThat(point.get("sampled").asBoolean()).isTrue();
        assertThat(point.get("sampleShift").asInt()).isEqualTo(shift);
        assertThat(point.get("lowerBound").asBoolean()).isFalse();
        // uniqCombined64 counts the ~70 000 sampled hashes within 0.3 % (one standard error).
        assertThat((double) point.get("activeUsers").asLong())
                .isCloseTo(expected, within(expected * 0.01));
    }

    @Test
    void moreThanTheCapInAMinuteReadFromTheHourRollupUndercountsAndSaysSo() {
        // The rollup merged the stored samples: about half of the users of the sampled minutes.
        Set<Long> union = new HashSet<>();
        for (List<String> minute : WIDE_MINUTES) {
            Set<Long> hashes = hashes(minute);
            int s = capShift(hashes);
            hashes.stream().filter(h -> topBitsZero(h, s)).forEach(union::add);
        }
        long stored = union.size();
        assertThat(stored).isLessThan(100_000);

        JsonNode point = users("wide", "10:00", "11:00", "1h").get(0);

        assertThat(point.get("sampled").asBoolean()).isTrue();
        assertThat(point.get("sampleShift").asInt()).isEqualTo(1);
        assertThat(point.get("lowerBound").asBoolean()).isTrue();
        assertThat((double) point.get("activeUsers").asLong())
                .isCloseTo(stored, within(stored * 0.01));
    }

    @Test
    void theStreamsJobsShiftIsTheBruteForceOne() {
        // The rows were built by core's aggregator; its per-minute shift is the brute-force one.
        for (int m = 0; m < WIDE_MINUTES.size(); m++) {
            DistinctUsers users = new DistinctUsers();
            WIDE_MINUTES.get(m).forEach(users::addUserId);
            assertThat(users.samplingShift()).isEqualTo(capShift(hashes(WIDE_MINUTES.get(m))));
        }
        JsonNode points = users("wide", "10:00", "10:03", "1m");
        assertThat(points).extracting(p -> p.get("sampleShift").asInt()).containsExactly(1, 1, 0);
    }

    private JsonNode users(String service, String from, String to, String step) {
        Http.Reply reply =
                new Http(client)
                        .get(
                                "/api/v1/services/"
                                        + service
                                        + "/users?from="
                                        + at(from)
                                        + "&to="
                                        + at(to)
                                        + (step == null ? "" : "&step=" + step),
                                TestKeys.READER);
        assertThat(reply.status()).isEqualTo(200);
        return reply.json().get("points");
    }

    private static String at(String time) {
        int days =
                time.startsWith("+") ? Integer.parseInt(time.substring(1, time.indexOf(' '))) : 0;
        String clock = time.substring(time.indexOf(' ') + 1);
        String[] hm = clock.split(":");
        return DAY.plusSeconds(
                        days * 86_400L + Long.parseLong(hm[0]) * 3600 + Long.parseLong(hm[1]) * 60)
                .toString();
    }

    private static List<String> ids(int from, int to) {
        return LongStream.range(from, to).mapToObj(i -> "w" + i).toList();
    }

    private static Set<Long> hashes(List<String> ids) {
        Set<Long> hashes = new HashSet<>();
        ids.forEach(id -> hashes.add(UserIdHash.hash(id)));
        return hashes;
    }

    /** The smallest shift that leaves at most 65 536 of {@code hashes}. */
    private static int capShift(Set<Long> hashes) {
        int s = 0;
        while (s < 63) {
            int shift = s;
            if (hashes.stream().filter(h -> topBitsZero(h, shift)).count()
                    <= DistinctUsers.DEFAULT_CAP) {
                return s;
            }
            s++;
        }
        return s;
    }

    private static boolean topBitsZero(long hash, int bits) {
        return bits == 0 || (hash >>> (64 - bits)) == 0;
    }
}
