package dev.plimsoll.cost.model;

import dev.plimsoll.core.users.DistinctUsers;

import java.util.Objects;

/**
 * A service's traffic in one hour so far: its requests and its distinct users (the set itself, so
 * that hours merge into days exactly). Replaces the previous update of the same service-hour.
 *
 * @param service the service
 * @param hour hour start, epoch seconds
 * @param requests requests counted
 * @param users the distinct users (a copy owned by this message)
 * @param last whether this is the hour's last update (it is past the settle time)
 */
public record HourTraffic(
        String service, long hour, long requests, DistinctUsers users, boolean last)
        implements DayInput {

    public HourTraffic {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(users, "users");
    }

    @Override
    public long day() {
        return ScopeDay.dayOf(hour);
    }
}
