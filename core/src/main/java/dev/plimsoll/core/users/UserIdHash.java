package dev.plimsoll.core.users;

import net.openhft.hashing.LongHashFunction;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit hash of a user id that Plimsoll stores instead of the id: xxHash64 (seed 0) of the
 * id's UTF-8 bytes, computed with {@code zero-allocation-hashing}. It equals ClickHouse's {@code
 * xxHash64(user_id)} (as a signed {@code long}; ClickHouse reads the same 64 bits as {@code
 * UInt64}), so ids can be matched to stored hashes in SQL.
 *
 * <p>Collisions: two distinct ids share a hash with probability 2⁻⁶⁴ per pair, i.e. below 3 × 10⁻⁸
 * for a billion distinct ids in one set. Stateless and thread-safe.
 */
public final class UserIdHash {

    private static final LongHashFunction XX64 = LongHashFunction.xx(0);

    private UserIdHash() {}

    /**
     * The xxHash64 of {@code userId}'s UTF-8 bytes.
     *
     * @param userId a user id, not {@code null}
     * @return its 64-bit hash (store as ClickHouse {@code UInt64}: same bits, read unsigned)
     */
    public static long hash(String userId) {
        return XX64.hashBytes(userId.getBytes(StandardCharsets.UTF_8));
    }
}
