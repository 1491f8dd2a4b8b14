package dev.plimsoll.app;

import java.util.Locale;

/** The short summary printed once everything is up. */
final class StartupSummary {
    private StartupSummary() {}

    static String render(PlimsollApp app, double seconds) {
        AppSettings s = app.settings();
        EmbeddedEngines engines = app.engines();
        String base = app.baseUri().toString();
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%nPlimsoll %s is up in %.1f s (%s)%n",
                        version(),
                        seconds,
                        s.embedded() ? "embedded default" : "external engines"));
        row(out, "HTTP", base + "   health " + base + "/health");
        if (s.roles().contains(Role.INGEST)) {
            row(out, "ingest", base + "/api/v1/ingest/requests   OTLP " + base + "/v1/traces");
        }
        if (s.roles().contains(Role.COST)) {
            row(
                    out,
                    "cost",
                    "Flink job on an embedded cluster, checkpoints "
                            + s.dataDir().resolve("cost").resolve("checkpoints"));
        }
        if (s.roles().contains(Role.API)) {
            row(out, "API", base + "/api/v1/services");
        }
        if (s.roles().contains(Role.NOTIFY) || s.roles().contains(Role.API)) {
            java.util.List<String> allow =
                    app.context()
                            .getProperty(
                                    "plimsoll.notify.allow-hosts",
                                    io.micronaut.core.type.Argument.listOf(String.class))
                            .orElse(java.util.List.of());
            row(
                    out,
                    "notify",
                    base
                            + "/api/v1/contact-points   allow-hosts "
                            + (allow.isEmpty()
                                    ? "none (a local receiver needs"
                                            + " PLIMSOLL_NOTIFY_ALLOW_HOSTS=127.0.0.1/32)"
                                    : String.join(",", allow)));
        }
        row(out, "roles", String.join(", ", Role.idsOf(s.roles()).split(",")));
        row(
                out,
                "Kafka",
                engines.kafkaBootstrap()
                        + (engines.localKafka()
                                ? "   local broker, data " + s.dataDir().resolve("kafka")
                                : "   external"));
        row(
                out,
                "ClickHouse",
                engines.clickHouseUrl()
                        + (engines.localClickHouse()
                                ? "   local engine, data " + s.dataDir().resolve("clickhouse")
                                : "   external"));
        boolean open =
                "open"
                        .equals(
                                app.context()
                                        .getProperty(PlimsollMain.SECURITY_MODE, String.class)
                                        .orElse("keys"));
        row(
                out,
                "API keys",
                open
                        ? "NONE: open development mode, anyone who can reach "
                                + base
                                + " can send and read telemetry"
                        : "required (scopes ingest, read, admin; plimsoll.security.*)");
        out.append("Press Ctrl-C to stop.");
        return out.toString();
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "  %-11s %s%n", label, value));
    }

    static String version() {
        String v = StartupSummary.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
