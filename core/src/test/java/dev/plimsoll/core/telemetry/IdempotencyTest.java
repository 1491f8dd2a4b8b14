package dev.plimsoll.core.telemetry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyTest {

    private static final byte[] BODY =
            "{\"service\":\"orders\"}\n".getBytes(StandardCharsets.UTF_8);
    private static final String ROUTE = "/api/v1/ingest/requests";

    @Test
    void theSameBatchFromTheSameCallerHasTheSameIdentity() {
        byte[] first = Idempotency.batchId("grafana", ROUTE, "k-1", BODY);
        byte[] retry = Idempotency.batchId("grafana", ROUTE, "k-1", BODY.clone());
        assertThat(first).hasSize(16).isEqualTo(retry);
    }

    @Test
    void callersRoutesKeysAndBodiesAllSeparateIdentities() {
        byte[] base = Idempotency.batchId("a", ROUTE, "k", BODY);
        assertThat(Idempotency.batchId("b", ROUTE, "k", BODY)).isNotEqualTo(base);
        assertThat(Idempotency.batchId("a", "/v1/traces", "k", BODY)).isNotEqualTo(base);
        assertThat(Idempotency.batchId("a", ROUTE, "k2", BODY)).isNotEqualTo(base);
        byte[] other = BODY.clone();
        other[3]++;
        assertThat(Idempotency.batchId("a", ROUTE, "k", other)).isNotEqualTo(base);
        // length prefixes: moving a character from the caller into the route changes the identity
        assertThat(Idempotency.batchId("ab", "c", "k", BODY))
                .isNotEqualTo(Idempotency.batchId("a", "bc", "k", BODY));
    }

    @Test
    void theIdentityIsTheDocumentedDigest() throws Exception {
        // recomputed independently: SHA-256 over the documented layout, first 16 bytes
        long[] xxh = net.openhft.hashing.LongTupleHashFunction.xx128().hashBytes(BODY);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("plimsoll-idempotency-v1".getBytes(StandardCharsets.UTF_8));
        for (String s : new String[] {"c", ROUTE, "key"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            sha.update(new byte[] {0, 0, 0, (byte) b.length});
            sha.update(b);
        }
        sha.update(HexFormat.of().parseHex(String.format("%016x%016x", xxh[0], xxh[1])));
        assertThat(Idempotency.batchId("c", ROUTE, "key", BODY))
                .isEqualTo(Arrays.copyOf(sha.digest(), 16));
    }

    @Test
    void keysAreVisibleAsciiOfAtMost255Characters() {
        assertThat(Idempotency.problem(null)).isEmpty();
        assertThat(Idempotency.problem("0b7f6c1e-1f0a-4c55-9d51-3f1d2c3b4a59")).isEmpty();
        assertThat(Idempotency.problem("x".repeat(255))).isEmpty();
        assertThat(Idempotency.problem("x".repeat(256)))
                .hasValue(
                        "must be 1 to 255 characters, was 256 (send a new key, e.g. a UUID, per"
                                + " batch)");
        assertThat(Idempotency.problem(""))
                .hasValue(
                        "must be 1 to 255 characters, was 0 (send a new key, e.g. a UUID, per"
                                + " batch)");
        assertThat(Idempotency.problem("a b"))
                .hasValue("must be visible ASCII characters only, found U+0020 at position 1");
        assertThat(Idempotency.problem("clé"))
                .hasValue("must be visible ASCII characters only, found U+00E9 at position 2");
    }

    @Test
    void indexesAreFourBytesBigEndian() {
        assertThat(Idempotency.encodeIndex(0)).containsExactly(0, 0, 0, 0);
        assertThat(Idempotency.encodeIndex(258)).containsExactly(0, 0, 1, 2);
        assertThat(Idempotency.decodeIndex(new byte[] {0, 1, 0, 0})).isEqualTo(65_536);
        assertThat(Idempotency.decodeIndex(Idempotency.encodeIndex(99_999))).isEqualTo(99_999);
        assertThat(Idempotency.decodeIndex(null)).isEqualTo(-1);
        assertThat(Idempotency.decodeIndex(new byte[] {1, 2, 3})).isEqualTo(-1);
        assertThat(Idempotency.decodeIndex(new byte[] {(byte) 0x80, 0, 0, 0})).isEqualTo(-1);
        assertThatThrownBy(() -> Idempotency.encodeIndex(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Idempotency.isBatchId(new byte[16])).isTrue();
        assertThat(Idempotency.isBatchId(new byte[15])).isFalse();
        assertThat(Idempotency.isBatchId(null)).isFalse();
    }
}
