package dev.plimsoll.notify.contact;

import dev.plimsoll.notify.ssrf.AllowList;
import dev.plimsoll.notify.ssrf.TargetGuard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactPointFileTest {

    private static final ContactPointValidator VALIDATOR =
            new ContactPointValidator(
                    new TargetGuard(
                            AllowList.empty(), host -> List.of(InetAddress.getByName("52.1.2.3"))),
                    Grouping.defaults());

    @TempDir Path dir;

    @Test
    void readsEntriesWithSecretsFromTheEnvironment() throws Exception {
        Path f = dir.resolve("cps.yml");
        Files.writeString(
                f,
                """
                contactPoints:
                  - name: oncall
                    type: slack
                    url: ${SLACK_URL}
                    grouping: {groupBy: [rule, service], groupWait: 10s, groupInterval: 2m, repeatInterval: 1h}
                  - name: audit
                    type: webhook
                    url: https://hooks.example.com/plimsoll
                    secret: ${AUDIT_SECRET}
                    sendResolved: false
                """);
        Map<String, String> env =
                Map.of(
                        "SLACK_URL", "https://hooks.slack.com/services/T/B/x",
                        "AUDIT_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        Map<String, ContactPoint> cps = ContactPointFile.load(f, VALIDATOR, env::get);
        assertThat(cps.keySet()).containsExactly("oncall", "audit");
        ContactPoint oncall = cps.get("oncall");
        assertThat(oncall.url()).isEqualTo("https://hooks.slack.com/services/T/B/x");
        assertThat(oncall.origin()).isEqualTo(ContactPoint.Origin.FILE);
        assertThat(oncall.grouping())
                .isEqualTo(
                        new Grouping(
                                List.of("rule", "service"),
                                Duration.ofSeconds(10),
                                Duration.ofMinutes(2),
                                Duration.ofHours(1)));
        assertThat(cps.get("audit").secret()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(cps.get("audit").sendResolved()).isFalse();
    }

    @Test
    void aNameThatDoesNotResolveAtStartIsAcceptedFromTheFileButRefusedThroughTheApi()
            throws Exception {
        ContactPointValidator noDns =
                new ContactPointValidator(
                        new TargetGuard(
                                AllowList.empty(),
                                host -> {
                                    throw new java.net.UnknownHostException(host);
                                }),
                        Grouping.defaults());
        Path f = dir.resolve("dns.yml");
        Files.writeString(
                f,
                "contactPoints:\n"
                        + "  - name: later\n"
                        + "    type: slack\n"
                        + "    url: https://not-yet.example/x\n");
        assertThat(ContactPointFile.load(f, noDns, k -> null)).containsKey("later");
        ContactPointValidator.Result api =
                noDns.validate(
                        new ContactPointDraft(
                                "later",
                                "slack",
                                "https://not-yet.example/x",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null),
                        null,
                        ContactPoint.Origin.API);
        assertThat(((ContactPointValidator.Result.Invalid) api).problems())
                .containsExactly(
                        new FieldProblem("url", "is refused: not-yet.example does not resolve"));
    }

    @Test
    void namesTheEntryAndTheProblemWithoutTheSecret() throws Exception {
        Path f = dir.resolve("bad.yml");
        Files.writeString(
                f,
                "contactPoints:\n"
                        + "  - name: x\n"
                        + "    type: sms\n"
                        + "    url: https://h.example/secret-path\n");
        assertThatThrownBy(() -> ContactPointFile.load(f, VALIDATOR, k -> null))
                .hasMessageContaining("entry 0 (x) is invalid: type unknown type 'sms'")
                .hasMessageNotContaining("secret-path");
        Path g = dir.resolve("unset.yml");
        Files.writeString(g, "contactPoints:\n  - name: y\n    type: slack\n    url: ${NOPE}\n");
        assertThatThrownBy(() -> ContactPointFile.load(g, VALIDATOR, k -> null))
                .hasMessageContaining("environment variable NOPE is not set");
        Path h = dir.resolve("nosecret.yml");
        Files.writeString(
                h,
                "contactPoints:\n  - name: z\n    type: webhook\n    url: https://h.example/x\n");
        assertThatThrownBy(() -> ContactPointFile.load(h, VALIDATOR, k -> null))
                .hasMessageContaining("(z) needs a secret");
        // the type as the validator reads it (trimmed, any case), not as written
        Path i = dir.resolve("nosecret-capitalised.yml");
        Files.writeString(
                i,
                "contactPoints:\n  - name: w\n    type: Webhook\n    url: https://h.example/x\n");
        assertThatThrownBy(() -> ContactPointFile.load(i, VALIDATOR, k -> null))
                .hasMessageContaining("(w) needs a secret");
    }
}
