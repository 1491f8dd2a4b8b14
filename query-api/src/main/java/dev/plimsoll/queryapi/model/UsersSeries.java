package dev.plimsoll.queryapi.model;

import dev.plimsoll.read.model.UsersPoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * {@code GET /api/v1/services/{service}/users}: distinct users, merged over each point (never
 * summed across minutes).
 *
 * @param service the service
 * @param tenant the tenant read, {@code ""} for all tenants
 * @param from the requested start
 * @param to the requested end
 * @param step the point width, null for one point covering the range
 * @param estimator how distinct users are counted: {@code uniqCombined64}
 * @param relativeStandardError one standard error of the estimate, relative; exact below a few
 *     thousand users. A corrected sampled point adds the sampling error, about 1/sqrt(sample size):
 *     at most 0.6 % when its minutes kept at least 32 768 hashes
 * @param points points with data, in time order
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsersSeries(
        String service,
        String tenant,
        String from,
        String to,
        @Nullable String step,
        String estimator,
        double relativeStandardError,
        List<UsersPoint> points) {

    /**
     * A series of {@code h}'s request; users are per whole service, so its operation is not used.
     */
    public UsersSeries(
            SeriesHeader h,
            String estimator,
            double relativeStandardError,
            List<UsersPoint> points) {
        this(
                h.service(),
                h.tenant(),
                h.from(),
                h.to(),
                h.step(),
                estimator,
                relativeStandardError,
                points);
    }
}
