package dev.plimsoll.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlimsollMainTest {

    @Test
    void theEmbeddedDefaultRunsOpenWhenNoKeysAreConfigured() {
        assertThat(PlimsollMain.embeddedSecurity(Map.of("HOME", "/home/x")))
                .containsExactly(Map.entry("plimsoll.security.mode", "open"));
    }

    @Test
    void configuredKeysOrAnExplicitModeKeepTheModulesDefault() {
        assertThat(PlimsollMain.embeddedSecurity(Map.of("PLIMSOLL_SECURITY_KEYS", "k"))).isEmpty();
        assertThat(PlimsollMain.embeddedSecurity(Map.of("PLIMSOLL_SECURITY_KEYS_FILE", "/k")))
                .isEmpty();
        assertThat(PlimsollMain.embeddedSecurity(Map.of("PLIMSOLL_SECURITY_MODE", "keys")))
                .isEmpty();
    }

    @Test
    void upParsesItsOptions() {
        PlimsollMain.Up up = new PlimsollMain.Up();
        new CommandLine(up)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(
                        "--port",
                        "9191",
                        "--data-dir",
                        "/tmp/p",
                        "--roles",
                        "ingest",
                        "--log-format",
                        "JSON");

        assertThat(up.common.port).isEqualTo(9191);
        assertThat(up.common.dataDir.toString()).isEqualTo("/tmp/p");
        assertThat(up.common.roles).isEqualTo("ingest");
        assertThat(up.common.logFormat).isEqualTo(LogFormat.JSON);
        assertThat(up.kafkaPort).isEqualTo(AppSettings.DEFAULT_KAFKA_PORT);
        assertThat(up.clickHousePort).isEqualTo(AppSettings.DEFAULT_CLICKHOUSE_PORT);
    }

    @Test
    void theFileOptionsBecomeTheModulesPropertiesAsAbsolutePaths() {
        PlimsollMain.Up up = new PlimsollMain.Up();
        new CommandLine(up)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs(
                        "--rules-dir", "docs/examples/rules", "--contact-points", "/etc/p/cp.yml");

        assertThat(up.common.fileProperties())
                .containsExactly(
                        Map.entry(
                                "plimsoll.alerts.rules-dir",
                                java.nio.file.Path.of("docs/examples/rules")
                                        .toAbsolutePath()
                                        .toString()),
                        Map.entry("plimsoll.notify.contact-points-file", "/etc/p/cp.yml"));
    }

    @Test
    void withoutTheFileOptionsNoFilePropertyIsSet() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getenv("PLIMSOLL_ALERTS_RULES_DIR") == null
                        && System.getenv("PLIMSOLL_NOTIFY_CONTACT_POINTS_FILE") == null);
        PlimsollMain.Run run = new PlimsollMain.Run();
        new CommandLine(run)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .parseArgs("--roles", "alerts");

        assertThat(run.common.fileProperties()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageErrorNotAStackTrace() {
        int exit =
                new CommandLine(new PlimsollMain())
                        .setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
                        .execute("up", "--prot", "1");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
