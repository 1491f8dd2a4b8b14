package dev.plimsoll.core.cost;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * Exact money arithmetic of the cost allocation: every amount is a {@link BigDecimal} at {@link
 * #SCALE} fraction digits, the scale of the {@code Decimal(38, 18)} columns it is stored in.
 *
 * <p>The one operation that cannot be exact, splitting an amount into parts, is done by the
 * largest-remainder method: each part is its proportional share rounded <em>down</em> (in
 * magnitude) to a multiple of 10<sup>-18</sup>, and the units left over go, one each, to the parts
 * with the largest remainders (ties: the earlier part). So the parts <b>sum back to the amount
 * exactly</b>, each differs from its exact share by less than 10<sup>-18</sup>, and the result is
 * deterministic. Quotients that are not parts of a whole (cost per user, per 1 000 requests) are
 * rounded half-even at {@link #SCALE}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Money {

    /** Fraction digits of every amount: {@code Decimal(38, 18)}. */
    public static final int SCALE = 18;

    /** Zero at {@link #SCALE}. */
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);

    private Money() {}

    /**
     * {@code amount} at {@link #SCALE} fraction digits.
     *
     * @throws ArithmeticException if it has more fraction digits (it would need rounding)
     */
    public static BigDecimal exact(BigDecimal amount) {
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /**
     * Splits {@code amount} in proportion to {@code weights}; the parts sum to {@code amount}
     * exactly (see the class comment).
     *
     * @param amount at most {@link #SCALE} fraction digits, may be negative
     * @param weights non-negative, with a positive sum
     * @return one part per weight, at {@link #SCALE}
     * @throws IllegalArgumentException if a weight is negative or all are zero
     */
    public static BigDecimal[] split(BigDecimal amount, long[] weights) {
        BigInteger[] w = new BigInteger[weights.length];
        for (int i = 0; i < weights.length; i++) {
            w[i] = BigInteger.valueOf(weights[i]);
        }
        return split(amount, w);
    }

    /**
     * Splits {@code amount} in proportion to decimal {@code weights} (e.g. configured weights such
     * as {@code 0.6} and {@code 0.4}); the parts sum to {@code amount} exactly.
     *
     * @throws IllegalArgumentException if a weight is negative or all are zero
     */
    public static BigDecimal[] split(BigDecimal amount, BigDecimal[] weights) {
        int scale = 0;
        for (BigDecimal weight : weights) {
            scale = Math.max(scale, weight.scale());
        }
        BigInteger[] w = new BigInteger[weights.length];
        for (int i = 0; i < weights.length; i++) {
            w[i] = weights[i].setScale(scale).unscaledValue();
        }
        return split(amount, w);
    }

    private static BigDecimal[] split(BigDecimal amount, BigInteger[] weights) {
        BigInteger total = BigInteger.ZERO;
        for (BigInteger weight : weights) {
            if (weight.signum() < 0) {
                throw new IllegalArgumentException("weights must not be negative: " + weight);
            }
            total = total.add(weight);
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        BigInteger units = exact(amount).unscaledValue(); // in 10^-18
        int sign = units.signum();
        BigInteger magnitude = units.abs();
        BigInteger[] parts = new BigInteger[weights.length];
        BigInteger[] remainders = new BigInteger[weights.length];
        BigInteger assigned = BigInteger.ZERO;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = magnitude.multiply(weights[i]).divideAndRemainder(total);
            parts[i] = qr[0];
            remainders[i] = qr[1];
            assigned = assigned.add(qr[0]);
        }
        int left = magnitude.subtract(assigned).intValueExact(); // < weights.length
        Integer[] order = new Integer[weights.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                        .reversed()
                        .thenComparing(i -> i));
        for (int k = 0; k < left; k++) {
            parts[order[k]] = parts[order[k]].add(BigInteger.ONE);
        }
        BigDecimal[] out = new BigDecimal[weights.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new BigDecimal(sign < 0 ? parts[i].negate() : parts[i], SCALE);
        }
        return out;
    }

    /**
     * {@code total ÷ users}, rounded half-even at {@link #SCALE}; {@code null} when {@code users}
     * is 0 (no users: the cost per user is undefined, never a division by zero or a zero).
     */
    public static BigDecimal perUser(BigDecimal total, long users) {
        Objects.requireNonNull(total, "total");
        if (users < 0) {
            throw new IllegalArgumentException("users must not be negative: " + users);
        }
        return users == 0
                ? null
                : total.divide(BigDecimal.valueOf(users), SCALE, RoundingMode.HALF_EVEN);
    }

    /**
     * {@code total × 1000 ÷ requests}, rounded half-even at {@link #SCALE}; {@code null} when
     * {@code requests} is 0.
     */
    public static BigDecimal perThousandRequests(BigDecimal total, long requests) {
        Objects.requireNonNull(total, "total");
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        return requests == 0
                ? null
                : new BigDecimal(total.unscaledValue().multiply(THOUSAND), total.scale())
                        .divide(BigDecimal.valueOf(requests), SCALE, RoundingMode.HALF_EVEN);
    }
}
