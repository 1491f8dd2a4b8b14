package dev.plimsoll.core.users;

import dev.plimsoll.core.DecodingException;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistinctUsersTest {

    private static long[] sortedHashes(Set<Long> hashes) {
        return hashes.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Test
    void countsExactlyBelowTheCap() {
        DistinctUsers users = new DistinctUsers(10_000);
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < 30_000; i++) {
            String id = "user-" + (i % 9_999); // every id three times or so
            users.addUserId(id);
            expected.add(UserIdHash.hash(id));
        }

        assertThat(users.isExact()).isTrue();
        assertThat(users.size()).isEqualTo(9_999);
        assertThat(users.estimate()).isEqualTo(9_999);
        assertThat(users.toArray()).isEqualTo(sortedHashes(expected));
        assertThat(users.contains(UserIdHash.hash("user-5"))).isTrue();
        assertThat(users.contains(UserIdHash.hash("nobody"))).isFalse();
    }

    @Test
    void nullUserIdsAreIgnored() {
        DistinctUsers users = new DistinctUsers();

        assertThat(users.addUserId(null)).isFalse();
        assertThat(users.isEmpty()).isTrue();
    }

    @Test
    void theHashZeroIsAUserLikeAnyOther() {
        DistinctUsers users = new DistinctUsers(4);

        assertThat(users.add(0L)).isTrue();
        assertThat(users.add(0L)).isFalse();
        assertThat(users.contains(0L)).isTrue();
        assertThat(users.toArray()).containsExactly(0L);
    }

    /**
     * Beyond the cap the set is exactly the hashes whose top {@code shift} bits are zero: checked
     * against a brute-force filter of all ids, and the estimate against the true count.
     */
    @Test
    void beyondTheCapKeepsAUniformHashSample() {
        int cap = 1_000;
        int distinct = 100_000;
        DistinctUsers users = new DistinctUsers(cap);
        for (int i = 0; i < distinct; i++) {
            users.addUserId("u" + i);
        }

        int shift = users.samplingShift();
        Set<Long> expected = new HashSet<>();
        for (int i = 0; i < distinct; i++) {
            long h = UserIdHash.hash("u" + i);
            if ((h >>> (64 - shift)) == 0) {
                expected.add(h);
            }
        }
        assertThat(users.isExact()).isFalse();
        assertThat(shift).isBetween(7, 8); // 100 000 / 2^7 = 781 expected, / 2^6 = 1 562 > cap
        assertThat(users.size()).isLessThanOrEqualTo(cap);
        assertThat(users.toArray()).isEqualTo(sortedHashes(expected));
        assertThat((double) users.estimate())
                .isCloseTo(distinct, org.assertj.core.data.Percentage.withPercentage(12));
    }

    @Test
    void mergeIsTheUnionEvenAcrossSamplingLevels() {
        DistinctUsers small = new DistinctUsers(1_000);
        DistinctUsers large = new DistinctUsers(1_000);
        for (int i = 0; i < 800; i++) {
            small.addUserId("u" + i);
        }
        for (int i = 500; i < 20_000; i++) {
            large.addUserId("u" + i);
        }
        DistinctUsers all = new DistinctUsers(1_000);
        for (int i = 0; i < 20_000; i++) {
            all.addUserId("u" + i);
        }

        small.merge(large);

        assertThat(small.samplingShift()).isEqualTo(all.samplingShift());
        assertThat(small.toArray()).isEqualTo(all.toArray());
    }

    @Test
    void mergeBelowTheCapIsExact() {
        DistinctUsers a = new DistinctUsers();
        DistinctUsers b = new DistinctUsers();
        a.addUserId("x");
        a.addUserId("y");
        b.addUserId("y");
        b.addUserId("z");

        a.merge(b);

        assertThat(a.size()).isEqualTo(3);
        assertThat(a.isExact()).isTrue();
    }

    @Test
    void encodingRoundTripsAndRejectsCorruptBytes() throws DecodingException {
        DistinctUsers users = new DistinctUsers(100);
        for (int i = 0; i < 1_000; i++) {
            users.addUserId("u" + i);
        }
        ByteBuffer buffer = ByteBuffer.allocate(users.encodedSize());
        users.writeTo(buffer);
        byte[] bytes = buffer.array();

        DistinctUsers decoded = DistinctUsers.readFrom(ByteBuffer.wrap(bytes));

        assertThat(decoded.toArray()).isEqualTo(users.toArray());
        assertThat(decoded.samplingShift()).isEqualTo(users.samplingShift());
        assertThat(decoded.cap()).isEqualTo(100);
        assertThatThrownBy(() -> DistinctUsers.readFrom(ByteBuffer.wrap(Arrays.copyOf(bytes, 20))))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void capMustBePositive() {
        assertThatThrownBy(() -> new DistinctUsers(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cap");
    }
}
