package dev.plimsoll.notify.delivery;

import dev.plimsoll.notify.format.OutgoingRequest;
import dev.plimsoll.notify.ssrf.AllowList;
import dev.plimsoll.notify.ssrf.HostResolver;
import dev.plimsoll.notify.ssrf.TargetGuard;
import dev.plimsoll.notify.support.Receiver;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guarded client against real loopback receivers. Targets that must be refused are refused
 * before any connection: a loopback receiver that is not allow-listed counts zero requests, and the
 * private and metadata addresses are never contacted (the guard runs before the socket).
 */
class HttpDeliveryTest {

    /** Names answered from a table: receiver.test is the loopback receiver. */
    private static final HostResolver DNS =
            host -> {
                if (host.equals("receiver.test")) {
                    return List.of(InetAddress.getByName("127.0.0.1"));
                }
                if (host.equals("public.test")) {
                    return List.of(InetAddress.getByName("93.184.216.34"));
                }
                throw new UnknownHostException(host);
            };

    private final Receiver a = new Receiver();
    private final Receiver b = new Receiver();

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    private static HttpDelivery client(String... allow) {
        return new HttpDelivery(
                new TargetGuard(AllowList.parse(List.of(allow)), DNS),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                5,
                "test");
    }

    private static OutgoingRequest post(String url) {
        return new OutgoingRequest(
                URI.create(url),
                Map.of("x-test", "1"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLoopbackReceiverThatIsNotAllowListedIsNeverContacted() {
        try (HttpDelivery http = client()) {
            HttpDelivery.Result r = http.post(post(a.url("/hook")));
            assertThat(r).isInstanceOf(HttpDelivery.Result.Refused.class);
            assertThat(((HttpDelivery.Result.Refused) r).reason())
                    .isEqualTo(
                            "127.0.0.1, a loopback address; notifications are not sent there"
                                    + " unless it is listed in plimsoll.notify.allow-hosts");
            HttpDelivery.Result byName = http.post(post("http://receiver.test:" + a.port() + "/h"));
            assertThat(((HttpDelivery.Result.Refused) byName).reason())
                    .startsWith("receiver.test resolves to 127.0.0.1, a loopback address");
        }
        assertThat(a.requests()).isEmpty();
    }

    @Test
    void privateAndMetadataTargetsAreRefusedBeforeAnyConnection() {
        try (HttpDelivery http = client()) {
            for (String url :
                    List.of(
                            "https://10.0.0.1/hook",
                            "https://169.254.169.254/latest/meta-data",
                            "https://[::1]/hook",
                            "https://[fd00::5]/hook")) {
                assertThat(http.post(post(url))).isInstanceOf(HttpDelivery.Result.Refused.class);
            }
        }
    }

    @Test
    void anAllowListedReceiverGetsTheBodyAndHeaders() {
        a.answer(Receiver.Answer.status(200, "ok"));
        try (HttpDelivery http = client("127.0.0.1/32")) {
            HttpDelivery.Result r = http.post(post(a.url("/hook?x=1")));
            assertThat(((HttpDelivery.Result.Answered) r).response().status()).isEqualTo(200);
            assertThat(((HttpDelivery.Result.Answered) r).response().body()).isEqualTo("ok");
        }
        Receiver.Request got = a.requests().get(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/hook");
        assertThat(got.query()).isEqualTo("x=1");
        assertThat(got.header("content-type")).startsWith("application/json");
        assertThat(got.header("x-test")).isEqualTo("1");
        assertThat(got.header("user-agent")).isEqualTo("test");
        assertThat(got.text()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedAtTheHop() {
        a.answer(Receiver.Answer.status(307).header("Location", "http://10.0.0.1:9/steal"));
        try (HttpDelivery http = client("127.0.0.1/32")) {
            HttpDelivery.Result r = http.post(post(a.url("/hook")));
            assertThat(((HttpDelivery.Result.Refused) r).reason())
                    .isEqualTo(
                            "redirect refused: 10.0.0.1, a private address; notifications are not"
                                + " sent there unless it is listed in plimsoll.notify.allow-hosts");
        }
        assertThat(a.requests()).hasSize(1);
    }

    @Test
    void aRedirectFromAnAllowedNameToALoopbackAddressNotListedIsRefused() {
        a.answer(Receiver.Answer.status(302).header("Location", b.url("/inner")));
        try (HttpDelivery http = client("receiver.test")) {
            HttpDelivery.Result r = http.post(post("http://receiver.test:" + a.port() + "/hook"));
            assertThat(((HttpDelivery.Result.Refused) r).reason())
                    .startsWith("redirect refused: 127.0.0.1, a loopback address");
        }
        assertThat(a.requests()).hasSize(1);
        assertThat(b.requests()).isEmpty();
    }

    @Test
    void allowedRedirectsAreFollowedWithTheSameMethodAndBody() {
        a.answer(Receiver.Answer.status(308).header("Location", b.url("/moved")));
        b.answer(Receiver.Answer.status(202));
        try (HttpDelivery http = client("127.0.0.1")) {
            HttpDelivery.Result r = http.post(post(a.url("/hook")));
            assertThat(((HttpDelivery.Result.Answered) r).response().status()).isEqualTo(202);
        }
        assertThat(b.requests())
                .singleElement()
                .satisfies(
                        req -> {
                            assertThat(req.method()).isEqualTo("POST");
                            assertThat(req.path()).isEqualTo("/moved");
                            assertThat(req.text()).isEqualTo("{\"a\":1}");
                        });
    }

    @Test
    void seeOtherIsNotFollowedBecauseItAsksForAGet() {
        a.answer(Receiver.Answer.status(303).header("Location", b.url("/x")));
        try (HttpDelivery http = client("127.0.0.1")) {
            assertThat(http.post(post(a.url("/hook"))))
                    .isInstanceOf(HttpDelivery.Result.Refused.class);
        }
        assertThat(b.requests()).isEmpty();
    }

    @Test
    void plainHttpToAHostThatIsNotAllowListedIsRefused() {
        try (HttpDelivery http = client()) {
            HttpDelivery.Result r = http.post(post("http://public.test/hook"));
            assertThat(((HttpDelivery.Result.Refused) r).reason()).contains("use https");
        }
    }

    @Test
    void aClosedPortIsUnreachableAndWorthRetrying() throws Exception {
        int port;
        try (Receiver gone = new Receiver()) {
            port = gone.port();
        }
        try (HttpDelivery http = client("127.0.0.1")) {
            HttpDelivery.Result r = http.post(post("http://127.0.0.1:" + port + "/hook"));
            assertThat(((HttpDelivery.Result.Unreachable) r).reason())
                    .startsWith("cannot connect to 127.0.0.1:" + port);
        }
    }
}
