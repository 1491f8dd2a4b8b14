package dev.plimsoll.notify.contact;

import dev.plimsoll.notify.ssrf.AllowList;
import dev.plimsoll.notify.ssrf.TargetGuard;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContactPointValidatorTest {

    private static final TargetGuard GUARD =
            new TargetGuard(
                    AllowList.parse(List.of("127.0.0.1/32")),
                    host -> {
                        if (host.equals("hooks.slack.com")) {
                            return List.of(InetAddress.getByName("52.1.2.3"));
                        }
                        if (host.equals("intranet.test")) {
                            return List.of(InetAddress.getByName("10.9.8.7"));
                        }
                        throw new UnknownHostException(host);
                    });

    private final ContactPointValidator validator =
            new ContactPointValidator(GUARD, Grouping.defaults());

    private static ContactPointDraft draft(String name, String type, String url, String secret) {
        return new ContactPointDraft(name, type, url, secret, null, null, null, null, null);
    }

    private List<FieldProblem> problems(ContactPointDraft d) {
        return ((ContactPointValidator.Result.Invalid)
                        validator.validate(d, null, ContactPoint.Origin.API))
                .problems();
    }

    @Test
    void aValidSlackContactPointUsesTheDefaultsUnlessGroupingIsGiven() {
        ContactPointValidator.Result r =
                validator.validate(
                        draft("oncall", "slack", "https://hooks.slack.com/services/T/B/x", null),
                        null,
                        ContactPoint.Origin.API);
        ContactPoint cp = ((ContactPointValidator.Result.Valid) r).contactPoint();
        assertThat(cp.type()).isEqualTo(ChannelType.SLACK);
        assertThat(cp.grouping()).isNull();
        assertThat(cp.sendResolved()).isTrue();
        assertThat(cp.toString())
                .doesNotContain("/services/T/B/x")
                .contains("https://hooks.slack.com/…");

        ContactPoint grouped =
                ((ContactPointValidator.Result.Valid)
                                validator.validate(
                                        new ContactPointDraft(
                                                "oncall",
                                                "slack",
                                                "https://hooks.slack.com/x",
                                                null,
                                                List.of("service"),
                                                "10s",
                                                null,
                                                "2h",
                                                false),
                                        null,
                                        ContactPoint.Origin.API))
                        .contactPoint();
        assertThat(grouped.grouping())
                .isEqualTo(
                        new Grouping(
                                List.of("service"),
                                Duration.ofSeconds(10),
                                Duration.ofMinutes(5),
                                Duration.ofHours(2)));
        assertThat(grouped.sendResolved()).isFalse();
    }

    @Test
    void everyProblemIsNamedByField() {
        assertThat(
                        problems(
                                new ContactPointDraft(
                                        "bad name!",
                                        "sms",
                                        "ftp://x",
                                        null,
                                        List.of("a b"),
                                        "soon",
                                        "0s",
                                        "1s",
                                        null)))
                .extracting(FieldProblem::name)
                .containsExactly(
                        "name",
                        "type",
                        "url",
                        "grouping.groupBy",
                        "grouping.groupWait",
                        "grouping.groupInterval");
        assertThat(problems(draft(null, null, null, null)))
                .containsExactly(
                        new FieldProblem("name", "is required"),
                        new FieldProblem(
                                "type",
                                "is required: one of slack, teams, discord, googlechat, webhook"),
                        new FieldProblem("url", "is required"));
    }

    @Test
    void privateTargetsAndPlainHttpAreRefusedWithoutRepeatingTheUrl() {
        List<FieldProblem> p =
                problems(draft("x", "slack", "https://intranet.test/secret-token", null));
        assertThat(p)
                .containsExactly(
                        new FieldProblem(
                                "url",
                                "is refused: intranet.test resolves to 10.9.8.7, a private address;"
                                        + " notifications are not sent there unless it is listed in"
                                        + " plimsoll.notify.allow-hosts"));
        assertThat(problems(draft("x", "slack", "http://hooks.slack.com/secret-token", null)))
                .singleElement()
                .satisfies(
                        f ->
                                assertThat(f.reason())
                                        .startsWith("must use https")
                                        .doesNotContain("secret-token"));
        assertThat(
                        validator.validate(
                                draft("local", "webhook", "http://127.0.0.1:9000/hook", null),
                                null,
                                ContactPoint.Origin.API))
                .isInstanceOf(ContactPointValidator.Result.Valid.class);
    }

    @Test
    void aWebhookWithoutSecretGetsAGeneratedOneAndSecretsAreChecked() {
        ContactPointValidator.Result.Valid v =
                (ContactPointValidator.Result.Valid)
                        validator.validate(
                                draft("h", "webhook", "https://hooks.slack.com/h", null),
                                null,
                                ContactPoint.Origin.API);
        assertThat(v.secretGenerated()).isTrue();
        assertThat(Secrets.key(v.contactPoint().secret())).hasSize(32);
        assertThat(problems(draft("h", "webhook", "https://hooks.slack.com/h", "whsec_c2hvcnQ=")))
                .containsExactly(
                        new FieldProblem(
                                "secret",
                                "the key must be 24 to 64 bytes (Standard Webhooks), found 5"));
        assertThat(problems(draft("h", "slack", "https://hooks.slack.com/h", "whsec_x")))
                .extracting(FieldProblem::name)
                .containsExactly("secret");
        assertThat(
                        problems(
                                new ContactPointDraft(
                                        "h",
                                        "webhook",
                                        "https://hooks.slack.com/h",
                                        null,
                                        List.of("rule"),
                                        null,
                                        null,
                                        null,
                                        null)))
                .extracting(FieldProblem::name)
                .containsExactly("grouping");
    }
}
