package dev.plimsoll.cost;

import dev.plimsoll.core.cost.ServiceAttribution;
import dev.plimsoll.core.cost.SharedCostPolicy;
import dev.plimsoll.core.cost.SharedCostRule;
import dev.plimsoll.core.cost.SharedCostRules;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.core.users.DistinctUsers;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the cost job does with its input: the allocation rules, when results are provisional and
 * final, how long state lives, and its Kafka topics. Immutable; change with {@link #toBuilder()}.
 * {@link Builder#build()} validates and names the setting at fault.
 *
 * @param costsTopic cost records ({@code telemetry.costs.v1})
 * @param requestsTopic request events ({@code telemetry.requests.v1})
 * @param groupId the Kafka consumer group (offsets are committed for monitoring; positions live in
 *     checkpoints)
 * @param serviceTags tag keys that name a cost's service, in order ({@link ServiceAttribution})
 * @param sharedRules shared-cost rules, first match wins ({@link SharedCostRule#parse} text form)
 * @param defaultPolicy the policy of shared cost no rule takes
 * @param settle how long after an hour ends its rows become {@code final} (by event time); request
 *     events for the hour arriving later are not counted (metric {@code late-requests})
 * @param hourRetention how long hour rows are kept ({@code cost_hour} TTL); cost records for older
 *     hours are ignored (metric {@code expired-costs}) and state is kept this long for restatements
 * @param dayRetention how long day rows are kept ({@code cost_day} TTL)
 * @param emitDelay how soon a change is written as a provisional row (changes within it are written
 *     together)
 * @param trafficFlushInterval how often request counts are handed to the allocation
 * @param requestOutOfOrderness how far request events may arrive out of order before the event time
 *     moves past them (watermark lag)
 * @param sourceIdleness a Kafka partition without records for this long stops holding back event
 *     time
 * @param maxClockSkew how far a request's start may move event time past the time it reached Kafka
 *     (as the streams job, ADR 0010)
 * @param pendingImportTimeout how long an import may stay incomplete (some of its rows missing)
 *     before it is abandoned (metric {@code abandoned-imports})
 * @param dedupWindow how long retried batches are recognized ({@code Idempotency-Key}, 24 h)
 * @param usersCap distinct users kept exactly per service-hour ({@link DistinctUsers})
 */
public record CostJobSettings(
        String costsTopic,
        String requestsTopic,
        String groupId,
        List<String> serviceTags,
        List<String> sharedRules,
        SharedCostPolicy defaultPolicy,
        Duration settle,
        Duration hourRetention,
        Duration dayRetention,
        Duration emitDelay,
        Duration trafficFlushInterval,
        Duration requestOutOfOrderness,
        Duration sourceIdleness,
        Duration maxClockSkew,
        Duration pendingImportTimeout,
        Duration dedupWindow,
        int usersCap)
        implements Serializable {

    public static final String DEFAULT_GROUP_ID = "plimsoll-cost";

    public CostJobSettings {
        Objects.requireNonNull(costsTopic, "costsTopic");
        Objects.requireNonNull(requestsTopic, "requestsTopic");
        Objects.requireNonNull(groupId, "groupId");
        serviceTags = List.copyOf(serviceTags);
        sharedRules = List.copyOf(sharedRules);
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    }

    /** The defaults: topics of contract v1, settle 24 h, retention 400 d / 1825 d. */
    public static CostJobSettings defaults() {
        return new CostJobSettings(
                TelemetryTopics.COSTS,
                TelemetryTopics.REQUESTS,
                DEFAULT_GROUP_ID,
                ServiceAttribution.DEFAULT_TAG_KEYS,
                List.of(),
                SharedCostPolicy.REQUESTS,
                Duration.ofHours(24),
                Duration.ofDays(400),
                Duration.ofDays(1825),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                Duration.ofDays(1),
                Duration.ofHours(24),
                DistinctUsers.DEFAULT_CAP);
    }

    /** The service attribution these settings configure. */
    public ServiceAttribution attribution() {
        return ServiceAttribution.byTags(serviceTags);
    }

    /** The shared-cost rules these settings configure. */
    public SharedCostRules rules() {
        List<SharedCostRule> parsed = new ArrayList<>();
        for (String rule : sharedRules) {
            parsed.add(SharedCostRule.parse(rule));
        }
        return SharedCostRules.of(parsed, defaultPolicy);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes settings one at a time; {@link #build()} checks them. */
    public static final class Builder {
        private String costsTopic;
        private String requestsTopic;
        private String groupId;
        private List<String> serviceTags;
        private List<String> sharedRules;
        private SharedCostPolicy defaultPolicy;
        private Duration settle;
        private Duration hourRetention;
        private Duration dayRetention;
        private Duration emitDelay;
        private Duration trafficFlushInterval;
        private Duration requestOutOfOrderness;
        private Duration sourceIdleness;
        private Duration maxClockSkew;
        private Duration pendingImportTimeout;
        private Duration dedupWindow;
        private int usersCap;

        private Builder(CostJobSettings s) {
            costsTopic = s.costsTopic;
            requestsTopic = s.requestsTopic;
            groupId = s.groupId;
            serviceTags = s.serviceTags;
            sharedRules = s.sharedRules;
            defaultPolicy = s.defaultPolicy;
            settle = s.settle;
            hourRetention = s.hourRetention;
            dayRetention = s.dayRetention;
            emitDelay = s.emitDelay;
            trafficFlushInterval = s.trafficFlushInterval;
            requestOutOfOrderness = s.requestOutOfOrderness;
            sourceIdleness = s.sourceIdleness;
            maxClockSkew = s.maxClockSkew;
            pendingImportTimeout = s.pendingImportTimeout;
            dedupWindow = s.dedupWindow;
            usersCap = s.usersCap;
        }

        public Builder costsTopic(String v) {
            costsTopic = v;
            return this;
        }

        public Builder requestsTopic(String v) {
            requestsTopic = v;
            return this;
        }

        public Builder groupId(String v) {
            groupId = v;
            return this;
        }

        public Builder serviceTags(List<String> v) {
            serviceTags = v;
            return this;
        }

        public Builder sharedRules(List<String> v) {
            sharedRules = v;
            return this;
        }

        public Builder defaultPolicy(SharedCostPolicy v) {
            defaultPolicy = v;
            return this;
        }

        public Builder settle(Duration v) {
            settle = v;
            return this;
        }

        public Builder hourRetention(Duration v) {
            hourRetention = v;
            return this;
        }

        public Builder dayRetention(Duration v) {
            dayRetention = v;
            return this;
        }

        public Builder emitDelay(Duration v) {
            emitDelay = v;
            return this;
        }

        public Builder trafficFlushInterval(Duration v) {
            trafficFlushInterval = v;
            return this;
        }

        public Builder requestOutOfOrderness(Duration v) {
            requestOutOfOrderness = v;
            return this;
        }

        public Builder sourceIdleness(Duration v) {
            sourceIdleness = v;
            return this;
        }

        public Builder maxClockSkew(Duration v) {
            maxClockSkew = v;
            return this;
        }

        public Builder pendingImportTimeout(Duration v) {
            pendingImportTimeout = v;
            return this;
        }

        public Builder dedupWindow(Duration v) {
            dedupWindow = v;
            return this;
        }

        public Builder usersCap(int v) {
            usersCap = v;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public CostJobSettings build() {
            notBlank("costs-topic", costsTopic);
            notBlank("requests-topic", requestsTopic);
            notBlank("group-id", groupId);
            positive("settle", settle, Duration.ZERO);
            positive("retention.hour", hourRetention, Duration.ofHours(1));
            positive("retention.day", dayRetention, Duration.ofDays(1));
            positive("emit-delay", emitDelay, Duration.ofMillis(1));
            positive("traffic-flush-interval", trafficFlushInterval, Duration.ofMillis(1));
            positive("request-out-of-orderness", requestOutOfOrderness, Duration.ZERO);
            positive("source-idleness", sourceIdleness, Duration.ofMillis(1));
            positive("max-clock-skew", maxClockSkew, Duration.ZERO);
            positive("pending-import-timeout", pendingImportTimeout, Duration.ofSeconds(1));
            positive("dedup-window", dedupWindow, Duration.ofMinutes(1));
            if (hourRetention.compareTo(settle) <= 0) {
                throw new IllegalArgumentException(
                        "plimsoll.cost.retention.hour ("
                                + hourRetention
                                + ") must be longer than plimsoll.cost.settle ("
                                + settle
                                + ")");
            }
            if (usersCap < 1 || usersCap > (1 << 20)) {
                throw new IllegalArgumentException(
                        "plimsoll.cost.users-cap must be between 1 and 1048576, was " + usersCap);
            }
            CostJobSettings s =
                    new CostJobSettings(
                            costsTopic,
                            requestsTopic,
                            groupId,
                            serviceTags,
                            sharedRules,
                            defaultPolicy,
                            settle,
                            hourRetention,
                            dayRetention,
                            emitDelay,
                            trafficFlushInterval,
                            requestOutOfOrderness,
                            sourceIdleness,
                            maxClockSkew,
                            pendingImportTimeout,
                            dedupWindow,
                            usersCap);
            s.attribution(); // checks the tag keys
            s.rules(); // checks every rule
            return s;
        }

        private static void notBlank(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("plimsoll.cost." + name + " must not be blank");
            }
        }

        private static void positive(String name, Duration value, Duration min) {
            if (value == null || value.compareTo(min) < 0) {
                throw new IllegalArgumentException(
                        "plimsoll.cost." + name + " must be at least " + min + ", was " + value);
            }
        }
    }
}
