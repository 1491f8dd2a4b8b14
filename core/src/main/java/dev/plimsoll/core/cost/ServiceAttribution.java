package dev.plimsoll.core.cost;

import dev.plimsoll.core.telemetry.CostRecord;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which service a cost belongs to: the record's {@code service} when the sender named one, else the
 * value of the first of an ordered list of tag keys present on the record, else none — a
 * <em>shared</em> cost, allocated by the {@link SharedCostRules}.
 *
 * <p>Tag keys are compared after trimming spaces on both sides (exports carry keys such as {@code "
 * application"}); the tag value is trimmed too, and a blank value counts as absent. The default
 * keys are {@link #DEFAULT_TAG_KEYS}. {@code ServiceName} of a FOCUS export is the provider's
 * service ("Amazon Elastic Compute Cloud"), never an application, so it is not used.
 *
 * <p>Immutable and thread-safe.
 */
public final class ServiceAttribution implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@code plimsoll.service}, {@code service}, {@code application}, {@code app}. */
    public static final List<String> DEFAULT_TAG_KEYS =
            List.of("plimsoll.service", "service", "application", "app");

    private final List<String> tagKeys;

    private ServiceAttribution(List<String> tagKeys) {
        this.tagKeys = tagKeys;
    }

    /** With {@link #DEFAULT_TAG_KEYS}. */
    public static ServiceAttribution defaults() {
        return new ServiceAttribution(DEFAULT_TAG_KEYS);
    }

    /**
     * With these tag keys, in order of preference.
     *
     * @throws IllegalArgumentException if a key is blank
     */
    public static ServiceAttribution byTags(List<String> tagKeys) {
        List<String> keys = new ArrayList<>();
        for (String key : tagKeys) {
            Objects.requireNonNull(key, "tag key");
            if (key.isBlank()) {
                throw new IllegalArgumentException("service tag keys must not be blank");
            }
            keys.add(key.strip());
        }
        return new ServiceAttribution(List.copyOf(keys));
    }

    /** The tag keys, in order of preference. */
    public List<String> tagKeys() {
        return tagKeys;
    }

    /** The owning service of {@code record}, or {@code null} for a shared cost. */
    public String serviceOf(CostRecord record) {
        if (record.service() != null && !record.service().isBlank()) {
            return record.service();
        }
        return serviceOf(record.tags());
    }

    /** The service named by {@code tags}, or {@code null}. */
    public String serviceOf(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return null;
        }
        for (String key : tagKeys) {
            String value = tags.get(key);
            if (value == null) {
                value = trimmedLookup(tags, key);
            }
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private static String trimmedLookup(Map<String, String> tags, String key) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().strip().equals(key) && !tag.getValue().isBlank()) {
                return tag.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ServiceAttribution" + tagKeys;
    }
}
