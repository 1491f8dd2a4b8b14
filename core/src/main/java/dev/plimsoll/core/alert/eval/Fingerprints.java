package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.rule.Rule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Identities of alerts, all derived from their content so that a replayed evaluation names the same
 * alert and event: the fingerprint of a (rule, series, kind), the id of one episode (the
 * fingerprint and when the condition began to hold), the id of one state change. 64-bit hex (16
 * characters) of SHA-256. Stateless and thread-safe.
 */
public final class Fingerprints {

    /** The kind of the rule's own alert. */
    public static final String MAIN = "main";

    /** The kind of the rule's no-data meta-alert. */
    public static final String NO_DATA = "nodata";

    private Fingerprints() {}

    /** The fingerprint of a rule's alert of {@code kind} for its series. */
    public static String of(Rule rule, String kind) {
        java.util.Map<String, String> series =
                new java.util.LinkedHashMap<>(rule.selector().labels());
        if (rule.currency() != null) {
            series.put("currency", rule.currency());
        }
        return of(rule.id(), kind, series);
    }

    /** The fingerprint of (rule id, kind, series labels). */
    public static String of(String ruleId, String kind, Map<String, String> seriesLabels) {
        StringBuilder s = new StringBuilder(ruleId).append('\0').append(kind);
        new TreeMap<>(seriesLabels)
                .forEach((k, v) -> s.append('\0').append(k).append('=').append(v));
        return hex(s.toString());
    }

    /** The id of the episode of {@code fingerprint} that began at {@code activeAt}. */
    public static String alertId(String fingerprint, Instant activeAt) {
        return hex(fingerprint + '\0' + activeAt.toEpochMilli());
    }

    /** The id of the {@code n}-th (1-based) event of an alert. */
    public static String eventId(String alertId, int n) {
        return alertId + "-" + n;
    }

    private static String hex(String s) {
        try {
            byte[] d =
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
