package dev.plimsoll.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A role the single deployment unit can run. Each module gates its beans on its own flag ({@code
 * plimsoll.<role>.enabled}); this enum is the only place that knows all of them.
 */
public enum Role {
    INGEST("ingest"),
    STREAMS("streams"),
    COST("cost"),
    API("api"),
    NOTIFY("notify");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The property a module's beans are gated on. */
    public String enabledProperty() {
        return "plimsoll." + id + ".enabled";
    }

    /**
     * Parses a comma-separated role list such as {@code ingest,streams,api}.
     *
     * @throws IllegalArgumentException naming the unknown role and the valid ones
     */
    public static Set<Role> parseList(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException(
                    "plimsoll.roles must name at least one role of " + validIds());
        }
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        List<String> unknown = new ArrayList<>();
        for (String raw : list.split(",")) {
            String id = raw.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            Arrays.stream(values())
                    .filter(r -> r.id.equals(id))
                    .findFirst()
                    .ifPresentOrElse(roles::add, () -> unknown.add(raw.trim()));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "plimsoll.roles has unknown role(s) "
                            + unknown
                            + "; valid roles are "
                            + validIds());
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException(
                    "plimsoll.roles must name at least one role of " + validIds());
        }
        return roles;
    }

    /**
     * Whether any of {@code roles} reads the metric tables through the read side (module {@code
     * metrics-read}), which is then started.
     */
    public static boolean readsMetrics(Set<Role> roles) {
        return roles.contains(API);
    }

    public static String idsOf(Set<Role> roles) {
        return roles.stream().sorted().map(Role::id).collect(Collectors.joining(","));
    }

    private static String validIds() {
        return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
    }
}
