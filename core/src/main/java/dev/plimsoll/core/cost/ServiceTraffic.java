package dev.plimsoll.core.cost;

/**
 * The traffic of one service (or of all services) in a period: its requests and its distinct active
 * users.
 *
 * @param requests requests served, {@code >= 0}
 * @param users distinct active users (an estimate above the distinct-users cap), {@code >= 0}
 */
public record ServiceTraffic(long requests, long users) {

    /** No traffic. */
    public static final ServiceTraffic NONE = new ServiceTraffic(0, 0);

    public ServiceTraffic {
        if (requests < 0 || users < 0) {
            throw new IllegalArgumentException(
                    "requests and users must not be negative: " + requests + ", " + users);
        }
    }
}
