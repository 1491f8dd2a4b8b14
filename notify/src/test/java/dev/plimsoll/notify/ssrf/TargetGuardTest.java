package dev.plimsoll.notify.ssrf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SSRF table: each target is decided from its resolved addresses alone. The resolver is a fixed
 * table, so no test here looks up or contacts anything.
 */
class TargetGuardTest {

    /** Names a real resolver would answer, answered from a table instead. */
    private static final Map<String, List<String>> DNS =
            Map.of(
                    "loopback.test", List.of("127.0.0.1"),
                    "metadata.test", List.of("169.254.169.254"),
                    "private.test", List.of("10.1.2.3"),
                    "public.test", List.of("93.184.216.34"),
                    "mixed.test", List.of("93.184.216.34", "192.168.1.10"),
                    "v6.test", List.of("2606:2800:220:1:248:1893:25c8:1946"),
                    "mapped.test", List.of("::ffff:10.0.0.7"));

    private static final HostResolver TABLE =
            host -> {
                List<String> addresses = DNS.get(host);
                if (addresses == null) {
                    throw new UnknownHostException(host);
                }
                return addresses.stream().map(TargetGuardTest::literal).toList();
            };

    private static InetAddress literal(String a) {
        try {
            return InetAddress.getByName(a); // literals only: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private final TargetGuard closed = new TargetGuard(AllowList.empty(), TABLE);

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "127.0.0.1, a loopback address",
        "127.8.9.10, a loopback address",
        "10.0.0.1, a private address",
        "172.16.0.5, a private address",
        "172.31.255.255, a private address",
        "192.168.1.1, a private address",
        "169.254.169.254, a cloud metadata address",
        "169.254.170.2, a cloud metadata address",
        "169.254.1.1, a link-local address",
        "100.64.0.1, a carrier-grade NAT (shared) address",
        "100.100.100.200, a cloud metadata address",
        "0.0.0.0, an unspecified address",
        "224.0.0.1, a multicast address",
        "255.255.255.255, a reserved address",
        "[::1], a loopback address",
        "[::], an unspecified address",
        "[fe80::1], a link-local address",
        "[fd00::1], a unique-local address",
        "[fc00::1], a unique-local address",
        "[ff02::1], a multicast address",
        "[fd00:ec2::254], a cloud metadata address",
        "[::ffff:127.0.0.1], a loopback address",
        "[::ffff:169.254.169.254], a cloud metadata address",
        "[64:ff9b::a00:1], a private address",
        "[2002:c0a8:101::1], a private address",
        "loopback.test, a loopback address",
        "metadata.test, a cloud metadata address",
        "private.test, a private address",
        "mixed.test, a private address",
        "mapped.test, a private address"
    })
    void refusesEveryNonPublicTarget(String host, String kind) {
        assertThatThrownBy(() -> closed.check(host))
                .isInstanceOf(TargetRefusedException.class)
                .hasMessageContaining(kind)
                .hasMessageContaining("plimsoll.notify.allow-hosts");
    }

    @Test
    void aNameResolvingToLoopbackNamesTheAddressItResolvedTo() {
        assertThatThrownBy(() -> closed.check("loopback.test"))
                .hasMessageStartingWith("loopback.test resolves to 127.0.0.1, a loopback address");
    }

    @Test
    void publicTargetsPassWithTheAddressesTheConnectionMustUse() throws Exception {
        assertThat(closed.check("public.test")).containsExactly(literal("93.184.216.34"));
        assertThat(closed.check("93.184.216.34")).containsExactly(literal("93.184.216.34"));
        assertThat(closed.check("v6.test"))
                .containsExactly(literal("2606:2800:220:1:248:1893:25c8:1946"));
    }

    @Test
    void addressBlocksAndHostNamesOnTheAllowListLetTargetsThrough() throws Exception {
        TargetGuard open =
                new TargetGuard(
                        AllowList.parse(
                                List.of("127.0.0.1/32, 10.0.0.0/8", "::1", "metadata.test")),
                        TABLE);
        assertThat(open.check("127.0.0.1")).containsExactly(literal("127.0.0.1"));
        assertThat(open.check("loopback.test")).containsExactly(literal("127.0.0.1"));
        assertThat(open.check("10.200.0.1")).containsExactly(literal("10.200.0.1"));
        assertThat(open.check("[::1]")).containsExactly(literal("::1"));
        assertThat(open.check("metadata.test")).containsExactly(literal("169.254.169.254"));
        // Not listed: still refused.
        assertThatThrownBy(() -> open.check("127.0.0.2"))
                .isInstanceOf(TargetRefusedException.class);
        assertThatThrownBy(() -> open.check("169.254.169.254"))
                .isInstanceOf(TargetRefusedException.class);
        assertThatThrownBy(() -> open.check("192.168.0.1"))
                .isInstanceOf(TargetRefusedException.class);
    }

    @Test
    void wildcardHostEntriesCoverSubdomainsOnly() {
        AllowList list = AllowList.parse(List.of("*.internal"));
        assertThat(list.allowsHost("alerts.internal")).isTrue();
        assertThat(list.allowsHost("a.b.internal")).isTrue();
        assertThat(list.allowsHost("internal")).isFalse();
        assertThat(list.allowsHost("evilinternal")).isFalse();
    }

    @Test
    void literalsAreNeverLookedUp() throws Exception {
        TargetGuard noDns =
                new TargetGuard(
                        AllowList.empty(),
                        host -> {
                            throw new AssertionError("looked up " + host);
                        });
        assertThat(noDns.check("93.184.216.34")).hasSize(1);
        assertThatThrownBy(() -> noDns.check("10.0.0.1"))
                .isInstanceOf(TargetRefusedException.class);
    }

    @Test
    void unknownNamesAreNotRefusalsButUnknownHosts() {
        assertThatThrownBy(() -> closed.check("nowhere.test"))
                .isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(TargetRefusedException.class);
    }

    @Test
    void invalidAllowListEntriesAreNamed() {
        assertThatThrownBy(() -> AllowList.parse(List.of("10.0.0.0/33")))
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> AllowList.parse(List.of("not a host!")))
                .hasMessageContaining("'not a host!'")
                .hasMessageContaining("plimsoll.notify.allow-hosts");
    }
}
