package dev.plimsoll.cost;

import dev.plimsoll.core.cost.SharedCostPolicy;
import dev.plimsoll.cost.kafka.KafkaInputs;
import dev.plimsoll.cost.sink.ClickHouseCostSink;
import dev.plimsoll.cost.sink.CostTables;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Entry point of the job jar ({@code cost/target/plimsoll-cost-job.jar}) for a Flink cluster:
 *
 * <pre>
 * flink run cost/target/plimsoll-cost-job.jar \
 *     --bootstrap-servers kafka:9092 \
 *     --clickhouse-url 'jdbc:clickhouse://clickhouse:8123/plimsoll' \
 *     --checkpoint-dir s3://bucket/plimsoll-cost [--checkpoint-interval 10s] [--settle 24h] ...
 * </pre>
 *
 * or the same arguments as {@code programArgs} of the REST API's {@code /jars/:id/run}. Every
 * option of {@link CostJobSettings} has a flag of the same name ({@code --settle}, {@code
 * --emit-delay}, {@code --shared-rule} (repeatable), {@code --service-tags a,b}, ...); see the
 * module README. Unknown flags are refused with the list of known ones.
 */
public final class CostJobMain {

    private static final List<String> FLAGS =
            List.of(
                    "bootstrap-servers",
                    "clickhouse-url",
                    "checkpoint-dir",
                    "checkpoint-interval",
                    "costs-topic",
                    "requests-topic",
                    "group-id",
                    "service-tags",
                    "shared-rule",
                    "default-policy",
                    "settle",
                    "retention-hour",
                    "retention-day",
                    "emit-delay",
                    "traffic-flush-interval",
                    "request-out-of-orderness",
                    "source-idleness",
                    "max-clock-skew",
                    "pending-import-timeout",
                    "users-cap",
                    "apply-ttl",
                    "parallelism");

    private CostJobMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, List<String>> a = parse(args);
        String bootstrap = required(a, "bootstrap-servers");
        String jdbcUrl = required(a, "clickhouse-url");
        CostJobSettings settings = settings(a);
        if (!"false".equals(one(a, "apply-ttl", "true"))) {
            try (CostTables tables = CostTables.connect(jdbcUrl, new Properties())) {
                tables.applyTtl(settings.hourRetention(), settings.dayRetention());
            }
        }
        Configuration conf =
                CostJob.configuration(
                        duration(one(a, "checkpoint-interval", "10s")),
                        required(a, "checkpoint-dir"),
                        50);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        if (a.containsKey("parallelism")) {
            env.setParallelism(Integer.parseInt(one(a, "parallelism", "1")));
        }
        new CostJob(
                        KafkaInputs.costs(bootstrap, settings, Map.of()),
                        KafkaInputs.requests(bootstrap, settings, Map.of()),
                        ClickHouseCostSink.to(jdbcUrl),
                        settings)
                .execute(env);
    }

    static CostJobSettings settings(Map<String, List<String>> a) {
        CostJobSettings d = CostJobSettings.defaults();
        CostJobSettings.Builder b = d.toBuilder();
        b.costsTopic(one(a, "costs-topic", d.costsTopic()));
        b.requestsTopic(one(a, "requests-topic", d.requestsTopic()));
        b.groupId(one(a, "group-id", d.groupId()));
        if (a.containsKey("service-tags")) {
            b.serviceTags(Arrays.asList(one(a, "service-tags", "").split(",")));
        }
        b.sharedRules(a.getOrDefault("shared-rule", List.of()));
        if (a.containsKey("default-policy")) {
            b.defaultPolicy(SharedCostPolicy.of(one(a, "default-policy", "requests")));
        }
        durations(a, "settle", b::settle);
        durations(a, "retention-hour", b::hourRetention);
        durations(a, "retention-day", b::dayRetention);
        durations(a, "emit-delay", b::emitDelay);
        durations(a, "traffic-flush-interval", b::trafficFlushInterval);
        durations(a, "request-out-of-orderness", b::requestOutOfOrderness);
        durations(a, "source-idleness", b::sourceIdleness);
        durations(a, "max-clock-skew", b::maxClockSkew);
        durations(a, "pending-import-timeout", b::pendingImportTimeout);
        if (a.containsKey("users-cap")) {
            b.usersCap(Integer.parseInt(one(a, "users-cap", "65536")));
        }
        return b.build();
    }

    private static void durations(
            Map<String, List<String>> a, String flag, java.util.function.Consumer<Duration> set) {
        if (a.containsKey(flag)) {
            set.accept(duration(one(a, flag, "")));
        }
    }

    /**
     * {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 400d}, or ISO-8601 ({@code
     * PT1H}).
     */
    static Duration duration(String text) {
        String t = text.strip();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration (e.g. 500ms, 10s, 5m, 24h, 400d)");
        }
    }

    static Map<String, List<String>> parse(String[] args) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected a --flag, found '" + arg + "'");
            }
            String flag = arg.substring(2);
            String value;
            int eq = flag.indexOf('=');
            if (eq >= 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + flag + " needs a value");
            }
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException(
                        "unknown flag --" + flag + "; known: --" + String.join(", --", FLAGS));
            }
            out.computeIfAbsent(flag, f -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String required(Map<String, List<String>> a, String flag) {
        if (!a.containsKey(flag)) {
            throw new IllegalArgumentException("--" + flag + " is required");
        }
        return one(a, flag, null);
    }

    private static String one(Map<String, List<String>> a, String flag, String fallback) {
        List<String> v = a.get(flag);
        return v == null || v.isEmpty() ? fallback : v.get(v.size() - 1);
    }
}
