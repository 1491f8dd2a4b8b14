package dev.plimsoll.queryapi;

import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDatasetServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import static dev.plimsoll.queryapi.support.SmallDataset.at;
import static dev.plimsoll.queryapi.support.SmallDataset.range;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /concurrency} against real ClickHouse. The search requests run 12:00:00-12:00:30,
 * 12:00:10-12:00:40 and 12:00:20-12:01:20: three in flight during 12:00:20-12:00:30, so the 12:00
 * minute has peak 3 and 30 + 30 + 40 = 100 s in flight; 12:01 has peak 1 and 20 s.
 */
@MicronautTest
class ConcurrencyEndpointTest extends SmallDatasetServer {

    private static final String SEARCH = "/api/v1/services/search/concurrency?";

    @Test
    void minutePeaksAndMeans() {
        Http.Reply reply = get(SEARCH + range("12:00", "12:02") + "&step=1m");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("points").toString())
                .isEqualTo(
                        "[{\"t\":\""
                                + at("12:00")
                                + "\",\"peak\":3,\"mean\":"
                                + (100_000 / 60_000.0)
                                + ",\"corrected\":false,\"peakUpperBound\":false},{\"t\":\""
                                + at("12:01")
                                + "\",\"peak\":1,\"mean\":"
                                + (20_000 / 60_000.0)
                                + ",\"corrected\":false,\"peakUpperBound\":false}]");
    }

    @Test
    void peakOverAStepIsTheMaxOfMinutePeaksAndMeanIsTimeWeighted() {
        // Two minutes in one point: peak max(3, 1), mean (100 s + 20 s) / 120 s.
        JsonNode point =
                get(SEARCH + range("12:00", "12:02") + "&step=2m").json().get("points").get(0);

        assertThat(point.get("peak").asLong()).isEqualTo(3);
        assertThat(point.get("mean").asDouble()).isEqualTo(1.0);
    }

    @Test
    void idleMinutesCountAsZeroInTheMean() {
        // The whole 12:00 hour, from the hour rollup: 120 s in flight over 3600 s.
        JsonNode point =
                get(SEARCH + range("12:00", "13:00") + "&step=1h").json().get("points").get(0);

        assertThat(point.get("peak").asLong()).isEqualTo(3);
        assertThat(point.get("mean").asDouble()).isEqualTo(120_000 / 3_600_000.0);
    }

    @Test
    void withoutStepOnePointForTheRange() {
        // The whole day D from the day rollup: 120 s in flight over 86 400 s.
        JsonNode body = get(SEARCH + range("00:00", "+1 00:00")).json();

        assertThat(body.get("points")).hasSize(1);
        assertThat(body.get("points").get(0).get("t").asText()).isEqualTo(at("00:00"));
        assertThat(body.get("points").get(0).get("peak").asLong()).isEqualTo(3);
        assertThat(body.get("points").get(0).get("mean").asDouble())
                .isEqualTo(120_000 / 86_400_000.0);
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(get("/api/v1/services/nope/concurrency?" + range("00:00", "+1 00:00")).status())
                .isEqualTo(404);
    }

    @Test
    void emptyRangeIsOkWithNoPoints() {
        Http.Reply reply = get(SEARCH + range("-2 00:00", "-1 00:00") + "&step=5m");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("points")).isEmpty();
    }
}
