package dev.plimsoll.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code plimsoll} command. {@code up} runs the embedded default (local Kafka, local ClickHouse
 * engine, every role); {@code run} runs the chosen roles against external engines.
 *
 * <p>No logger may be created in this class before the log format is installed.
 */
@Command(
        name = "plimsoll",
        mixinStandardHelpOptions = true,
        versionProvider = PlimsollMain.Version.class,
        description = "Metrics ingestion and analytics for scale triggers.",
        subcommands = {PlimsollMain.Up.class, PlimsollMain.Run.class})
public final class PlimsollMain implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit =
                new CommandLine(new PlimsollMain())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .execute(args);
        System.exit(exit);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options shared by both commands. */
    static class Common {
        @Option(
                names = "--port",
                defaultValue = "${env:PLIMSOLL_PORT:-8080}",
                description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(
                names = "--host",
                defaultValue = "${env:PLIMSOLL_HOST:-127.0.0.1}",
                description = "HTTP bind address (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(
                names = "--roles",
                defaultValue = "${env:PLIMSOLL_ROLES:-ingest,streams,cost,api,alerts,notify}",
                description = "Roles to run, comma-separated (default: ${DEFAULT-VALUE}).")
        String roles;

        @Option(
                names = "--data-dir",
                defaultValue = "${env:PLIMSOLL_DATA_DIR:-./data}",
                description =
                        "Data directory: the local engines' data (up) and the Kafka Streams"
                                + " state (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(
                names = "--log-format",
                defaultValue = "${env:PLIMSOLL_LOG_FORMAT:-text}",
                description = "Console logs: text or json (default: ${DEFAULT-VALUE}).")
        LogFormat logFormat;

        @Option(
                names = "--rules-dir",
                defaultValue = "${env:PLIMSOLL_ALERTS_RULES_DIR}",
                description =
                        "Directory of alert rule files (*.yaml, *.yml), read at start; read-only"
                                + " through /api/v1/rules (plimsoll.alerts.rules-dir).")
        Path rulesDir;

        @Option(
                names = "--contact-points",
                defaultValue = "${env:PLIMSOLL_NOTIFY_CONTACT_POINTS_FILE}",
                description =
                        "YAML file of contact points; read-only through /api/v1/contact-points"
                                + " (plimsoll.notify.contact-points-file).")
        Path contactPoints;

        /** The file options as the modules' properties; an absent option sets nothing. */
        Map<String, Object> fileProperties() {
            Map<String, Object> properties = new java.util.LinkedHashMap<>();
            if (rulesDir != null) {
                properties.put(RULES_DIR, rulesDir.toAbsolutePath().normalize().toString());
            }
            if (contactPoints != null) {
                properties.put(
                        CONTACT_POINTS_FILE, contactPoints.toAbsolutePath().normalize().toString());
            }
            return properties;
        }

        /**
         * The process's settings; {@code properties} (embedded defaults, {@code -Dplimsoll.*}) win
         * over the file options' properties.
         */
        AppSettings settings(
                Map<String, String> env,
                boolean embedded,
                int kafkaPort,
                int clickHousePort,
                Map<String, Object> properties) {
            return new AppSettings(
                    host,
                    port,
                    dataDir.toAbsolutePath().normalize(),
                    Role.parseList(roles),
                    AppSettings.nonBlank(env.get("PLIMSOLL_KAFKA_BOOTSTRAP")),
                    AppSettings.nonBlank(env.get("PLIMSOLL_CLICKHOUSE_URL")),
                    kafkaPort,
                    clickHousePort,
                    embedded,
                    merge(fileProperties(), properties));
        }
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = {
                "Run Plimsoll on the embedded default: a local Kafka broker and the local"
                        + " ClickHouse engine under the data directory, and every role.",
                "Set PLIMSOLL_KAFKA_BOOTSTRAP or PLIMSOLL_CLICKHOUSE_URL to use an external"
                        + " engine instead of the local one."
            })
    static final class Up implements Callable<Integer> {
        @CommandLine.Mixin Common common = new Common();

        @Option(
                names = "--kafka-port",
                defaultValue = "9092",
                description =
                        "Preferred port of the local Kafka broker (default: ${DEFAULT-VALUE};"
                                + " a free port is used when it is taken).")
        int kafkaPort;

        @Option(
                names = "--clickhouse-port",
                defaultValue = "8123",
                description =
                        "Preferred port of the local ClickHouse engine (default:"
                                + " ${DEFAULT-VALUE}; a free port is used when it is taken).")
        int clickHousePort;

        @Override
        public Integer call() {
            Map<String, String> env = System.getenv();
            return runUntilStopped(
                    common.settings(
                            env,
                            true,
                            kafkaPort,
                            clickHousePort,
                            merge(
                                    merge(EMBEDDED_DEFAULTS, embeddedSecurity(env)),
                                    plimsollSystemProperties())),
                    common.logFormat);
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run the chosen roles against external engines: PLIMSOLL_KAFKA_BOOTSTRAP and"
                        + " PLIMSOLL_CLICKHOUSE_URL must be set. Starts no local engine."
            })
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin Common common = new Common();

        @Override
        public Integer call() {
            return runUntilStopped(
                    common.settings(System.getenv(), false, 0, 0, plimsollSystemProperties()),
                    common.logFormat);
        }
    }

    /**
     * The embedded default runs open (no API keys, announced loudly) unless the environment
     * configures keys or a mode; {@code run} keeps the secure default of the modules.
     */
    static Map<String, Object> embeddedSecurity(Map<String, String> env) {
        boolean configured =
                env.containsKey("PLIMSOLL_SECURITY_MODE")
                        || env.containsKey("PLIMSOLL_SECURITY_KEYS")
                        || env.containsKey("PLIMSOLL_SECURITY_KEYS_FILE");
        return configured ? Map.of() : Map.of(SECURITY_MODE, "open");
    }

    static final String SECURITY_MODE = "plimsoll.security.mode";
    static final String RULES_DIR = "plimsoll.alerts.rules-dir";
    static final String CONTACT_POINTS_FILE = "plimsoll.notify.contact-points-file";

    /**
     * The embedded default is for trying Plimsoll and for development: a minute shows up in the API
     * about 45 s after traffic stops, instead of up to 3 min with the production defaults (2 min
     * grace, 30 s idle close). Requests that finish after the grace are counted as corrections of
     * their minute (ADR 0011). Overridable with {@code -Dplimsoll.streams.grace=...}.
     */
    static final Map<String, Object> EMBEDDED_DEFAULTS =
            Map.of("plimsoll.streams.grace", "30s", "plimsoll.streams.idle-close-after", "5s");

    /**
     * {@code -Dplimsoll.*} system properties. Micronaut reads them too; they are passed on so that
     * settings used before the context starts (topic provisioning) see them as well.
     */
    static Map<String, Object> plimsollSystemProperties() {
        Map<String, Object> properties = new java.util.TreeMap<>();
        System.getProperties()
                .forEach(
                        (key, value) -> {
                            if (key.toString().startsWith("plimsoll.")) {
                                properties.put(key.toString(), value.toString());
                            }
                        });
        return properties;
    }

    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(base);
        merged.putAll(over);
        return merged;
    }

    static int runUntilStopped(AppSettings settings, LogFormat logFormat) {
        logFormat.install();
        System.out.println(
                "Starting Plimsoll "
                        + StartupSummary.version()
                        + " (roles "
                        + Role.idsOf(settings.roles())
                        + ")...");
        PlimsollApp app;
        try {
            app = PlimsollApp.start(settings, System.out);
        } catch (RuntimeException e) {
            System.err.println("Plimsoll failed to start: " + rootMessage(e));
            e.printStackTrace(System.err);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.out.println("Stopping Plimsoll...");
                                    app.close();
                                    System.out.println("Stopped.");
                                    stopped.countDown();
                                },
                                "plimsoll-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return Optional.ofNullable(e.getMessage()).orElse(t.toString())
                + (t != e ? " (cause: " + t + ")" : "");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"plimsoll " + StartupSummary.version()};
        }
    }
}
