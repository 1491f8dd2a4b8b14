package dev.plimsoll.core.latency;

import dev.plimsoll.core.DecodingException;

import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;

import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A mergeable latency histogram with logarithmic buckets in the DDSketch style: every quantile it
 * returns is within 1 % of the true value.
 *
 * <h2>Accuracy</h2>
 *
 * For durations between {@link #MIN_TRACKED_MS} (1 µs) and {@link #MAX_TRACKED_MS} (10⁹ ms, about
 * 11.6 days), {@link #quantile(double)} returns a value within {@link #RELATIVE_ACCURACY} (1 %) of
 * the exact lower quantile, the recorded value of 0-based rank {@code floor(q * (count - 1))}: if
 * that value is 100 ms, the answer is between 99 and 101 ms. Quantiles 0 and 1 are the exact {@link
 * #min()} and {@link #max()}. This holds after any number of merges (minute → hour → day), because
 * merging adds bucket counts and loses nothing. Durations below 1 µs are counted in {@link
 * #zeroCount()}; a quantile that falls among them is answered with the exact {@link #min()}
 * (absolute error below 1 µs). Durations above 10⁹ ms are counted in the top bucket (their quantile
 * is capped near 10⁹ ms); {@link #count()}, {@link #sum()}, {@link #min()} and {@link #max()} are
 * exact in every case.
 *
 * <h2>Bucket keys (a storage contract)</h2>
 *
 * The bucket key of a duration {@code v} in milliseconds is {@link #bucketKey(double)}, exactly
 * {@code new CubicallyInterpolatedMapping(0.01).index(v)} of DataDog's sketches-java: with {@code v
 * = 2^e (1 + s)}, {@code 0 <= s < 1}, the key is {@code floor(m (e + A s³ + B s² + C s))} for
 * {@code A = 6/35, B = -3/5, C = 10/7} and {@code m = 7 / (10 ln((1 + α)/(1 - α)))} ≈ 34.9988, α =
 * 0.01 (ADR 0001). Keys are stored in ClickHouse ({@code buckets Map(Int32, UInt64)}) and summed
 * there with {@code sumMap}, so they must never change silently. They run from {@link #MIN_KEY} (1
 * µs) to {@link #MAX_KEY} (10⁹ ms); 1 ms is key 0 and 1 ms … 60 s spans 556 keys.
 *
 * <h2>Memory</h2>
 *
 * Counts are kept in one dense {@code long[]} covering the keys between the smallest and largest
 * recorded duration (plus growth headroom): 8 bytes per key, about 115 keys per decade. A minute of
 * latencies between 1 ms and 60 s holds at most about 560 keys (under 5 KB, about 7 KB with
 * headroom); the range 1 µs … 1 h is 1 112 keys (9 KB); the hard bound, whatever is recorded, is
 * the full range of {@value #KEY_COUNT} keys, 11.2 KB, plus about 80 bytes of fields. Recording
 * allocates only when the covered range grows.
 *
 * <h2>Thread-safety</h2>
 *
 * Not thread-safe: confine an instance to one thread (a Kafka Streams task) or synchronize
 * externally. {@link #merge(LatencyHistogram)} reads the other histogram without modifying it.
 */
public final class LatencyHistogram {

    /** The guaranteed relative accuracy of every quantile: 1 %. */
    public static final double RELATIVE_ACCURACY = 0.01;

    /** Durations below this (1 µs) count in {@link #zeroCount()}. */
    public static final double MIN_TRACKED_MS = 0.001;

    /** Durations above this (10⁹ ms, about 11.6 days) count in the top bucket {@link #MAX_KEY}. */
    public static final double MAX_TRACKED_MS = 1.0e9;

    /** The index mapping; its {@code index} defines the stored bucket keys (see ADR 0001). */
    private static final CubicallyInterpolatedMapping MAPPING =
            new CubicallyInterpolatedMapping(RELATIVE_ACCURACY);

    /** The key of {@link #MIN_TRACKED_MS}, the smallest key ever stored: {@value}. */
    public static final int MIN_KEY = -349;

    /** The key of {@link #MAX_TRACKED_MS}, the largest key ever stored: {@value}. */
    public static final int MAX_KEY = 1046;

    /** The number of distinct keys, {@code MAX_KEY - MIN_KEY + 1}: {@value}. */
    public static final int KEY_COUNT = MAX_KEY - MIN_KEY + 1;

    static {
        // The constants above are part of the storage contract; fail loudly if the mapping moved.
        if (MAPPING.index(MIN_TRACKED_MS) != MIN_KEY || MAPPING.index(MAX_TRACKED_MS) != MAX_KEY) {
            throw new IllegalStateException(
                    "The latency bucket mapping changed: key of 0.001 ms is "
                            + MAPPING.index(MIN_TRACKED_MS)
                            + ", key of 1e9 ms is "
                            + MAPPING.index(MAX_TRACKED_MS)
                            + "; stored ClickHouse buckets would no longer be readable (ADR"
                            + " 0001).");
        }
    }

    private static final long[] NO_COUNTS = new long[0];
    private static final int MIN_GROWTH = 32;
    private static final byte ENCODING_VERSION = 1;

    /** counts[i] is the count of key {@code offset + i}. */
    private long[] counts = NO_COUNTS;

    private int offset;
    private long count;
    private long zeroCount;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    /** An empty histogram; allocates its bucket array on the first recorded duration. */
    public LatencyHistogram() {}

    /**
     * Records one duration.
     *
     * @param millis the duration in milliseconds, finite and {@code >= 0}
     * @throws IllegalArgumentException if {@code millis} is negative, NaN or infinite
     */
    public void record(double millis) {
        if (millis >= MIN_TRACKED_MS && millis <= MAX_TRACKED_MS) {
            int i = MAPPING.index(millis) - offset;
            if (i < 0 || i >= counts.length) {
                i = grow(MAPPING.index(millis));
            }
            counts[i]++;
        } else {
            recordOutsideTrackedRange(millis);
        }
        count++;
        sum += millis;
        if (millis < min) {
            min = millis;
        }
        if (millis > max) {
            max = millis;
        }
    }

    private void recordOutsideTrackedRange(double millis) {
        if (!(millis >= 0) || millis == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "A latency must be a finite number of milliseconds >= 0, but was " + millis);
        }
        if (millis < MIN_TRACKED_MS) {
            zeroCount++;
        } else {
            int i = grow(MAX_KEY); // before reading the (possibly replaced) array
            counts[i]++;
        }
    }

    /** Makes {@code key} addressable and returns its array index. */
    private int grow(int key) {
        ensureCovers(key, key);
        return key - offset;
    }

    /** Grows the dense array (with headroom) so that keys {@code low..high} are covered. */
    private void ensureCovers(int low, int high) {
        if (counts.length == 0) {
            int newLow = Math.max(MIN_KEY, low - MIN_GROWTH);
            int newHigh = Math.min(MAX_KEY, high + MIN_GROWTH);
            counts = new long[newHigh - newLow + 1];
            offset = newLow;
            return;
        }
        int oldHigh = offset + counts.length - 1;
        if (low >= offset && high <= oldHigh) {
            return;
        }
        int headroom = Math.max(MIN_GROWTH, counts.length / 2);
        int newLow = low < offset ? Math.max(MIN_KEY, low - headroom) : offset;
        int newHigh = high > oldHigh ? Math.min(MAX_KEY, high + headroom) : oldHigh;
        long[] grown = new long[newHigh - newLow + 1];
        System.arraycopy(counts, 0, grown, offset - newLow, counts.length);
        counts = grown;
        offset = newLow;
    }

    /**
     * Adds all of {@code other} to this histogram, as if its durations had been recorded here. The
     * result is exactly the histogram of the concatenated inputs (sums up to floating-point
     * rounding), so accuracy is unchanged by any number of merges.
     *
     * @param other the histogram to add; not modified
     */
    public void merge(LatencyHistogram other) {
        if (other.count == 0) {
            return;
        }
        long[] theirs = other.counts;
        int first = 0;
        int last = theirs.length - 1;
        while (first <= last && theirs[first] == 0) {
            first++;
        }
        while (last >= first && theirs[last] == 0) {
            last--;
        }
        if (first <= last) {
            ensureCovers(other.offset + first, other.offset + last);
            long[] ours = counts;
            int shift = other.offset - offset;
            for (int i = first; i <= last; i++) {
                ours[i + shift] += theirs[i];
            }
        }
        count += other.count;
        zeroCount += other.zeroCount;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** The number of recorded durations, including {@link #zeroCount()}. */
    public long count() {
        return count;
    }

    /** Whether nothing has been recorded. */
    public boolean isEmpty() {
        return count == 0;
    }

    /** The sum of the recorded durations in milliseconds ({@code 0} when empty). */
    public double sum() {
        return sum;
    }

    /**
     * The exact smallest recorded duration in milliseconds.
     *
     * @throws NoSuchElementException if the histogram is empty
     */
    public double min() {
        requireNotEmpty();
        return min;
    }

    /**
     * The exact largest recorded duration in milliseconds.
     *
     * @throws NoSuchElementException if the histogram is empty
     */
    public double max() {
        requireNotEmpty();
        return max;
    }

    /** The number of recorded durations below {@link #MIN_TRACKED_MS}. */
    public long zeroCount() {
        return zeroCount;
    }

    /**
     * The duration at quantile {@code q}, within 1 % of the exact lower quantile (see the class
     * documentation for the exact statement).
     *
     * @param q the quantile, {@code 0 <= q <= 1} (0.95 for P95)
     * @return the estimated duration in milliseconds, always within {@code [min(), max()]}
     * @throws IllegalArgumentException if {@code q} is not within {@code [0, 1]}
     * @throws NoSuchElementException if the histogram is empty
     */
    public double quantile(double q) {
        requireQuantile(q);
        requireNotEmpty();
        if (q == 1) {
            return max;
        }
        double rank = q * (count - 1);
        long cumulative = zeroCount;
        if (cumulative > rank || q == 0) {
            return min;
        }
        long[] c = counts;
        if (q > 0.5) {
            // Upper quantiles: walk down from the top. The element of index j = floor(rank) is in
            // the first bucket (from the top) with more than count - 1 - j elements at or above.
            long fromTop = (count - 1) - (long) rank;
            long above = 0;
            for (int i = c.length - 1; i >= 0; i--) {
                above += c[i];
                if (above > fromTop) {
                    return clamp(MAPPING.value(offset + i), min, max);
                }
            }
            return min; // rank is among the zero count
        }
        for (int i = 0; i < c.length; i++) {
            cumulative += c[i];
            if (cumulative > rank) {
                return clamp(MAPPING.value(offset + i), min, max);
            }
        }
        return max; // unreachable while count == zeroCount + sum(counts)
    }

    /**
     * The non-empty buckets, key → count, in ascending key order: the value for ClickHouse's {@code
     * buckets Map(Int32, UInt64)}.
     *
     * @return an unmodifiable sorted map; a new map on each call
     */
    public Map<Integer, Long> buckets() {
        SortedMap<Integer, Long> map = new TreeMap<>();
        forEachBucket(map::put);
        return Collections.unmodifiableSortedMap(map);
    }

    /** Receives one non-empty bucket; see {@link #forEachBucket(BucketConsumer)}. */
    @FunctionalInterface
    public interface BucketConsumer {
        /**
         * @param key the bucket key (see {@link #bucketKey(double)})
         * @param count the number of durations in the bucket, {@code > 0}
         */
        void accept(int key, long count);
    }

    /**
     * Calls {@code consumer} for every non-empty bucket in ascending key order, without allocating.
     *
     * @param consumer receives key and count
     */
    public void forEachBucket(BucketConsumer consumer) {
        long[] c = counts;
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0) {
                consumer.accept(offset + i, c[i]);
            }
        }
    }

    /** The number of non-empty buckets (the size of {@link #buckets()}). */
    public int bucketCount() {
        int n = 0;
        for (long c : counts) {
            if (c != 0) {
                n++;
            }
        }
        return n;
    }

    /** A deep copy. */
    public LatencyHistogram copy() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.merge(this);
        return copy;
    }

    /** Forgets everything recorded; keeps the allocated array for reuse. */
    public void clear() {
        Arrays.fill(counts, 0L);
        count = 0;
        zeroCount = 0;
        sum = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
    }

    /**
     * Rebuilds a histogram from its stored form, e.g. a {@code service_minute} row or the {@code
     * sumMap}/{@code sum}/{@code min}/{@code max} of many rows. The count is {@code zeroCount} plus
     * the sum of the bucket counts.
     *
     * @param buckets key → count; counts {@code >= 0} (a {@code Long}, or a {@code BigInteger} for
     *     UInt64 values read through JDBC), keys within {@code [MIN_KEY, MAX_KEY]}
     * @param zeroCount the number of durations below 1 µs, {@code >= 0}
     * @param sum the sum of all durations in milliseconds
     * @param min the smallest duration; ignored when the count is 0
     * @param max the largest duration; ignored when the count is 0
     * @return a histogram equal to the one that was stored
     * @throws IllegalArgumentException naming the problem if a key, count, min or max is invalid
     */
    public static LatencyHistogram fromBuckets(
            Map<Integer, ? extends Number> buckets,
            long zeroCount,
            double sum,
            double min,
            double max) {
        if (zeroCount < 0) {
            throw new IllegalArgumentException("zeroCount must be >= 0, but was " + zeroCount);
        }
        SortedBuckets sorted = SortedBuckets.of(buckets);
        LatencyHistogram h = new LatencyHistogram();
        long total = zeroCount;
        if (sorted.size > 0) {
            int low = sorted.keys[0];
            int high = sorted.keys[sorted.size - 1];
            h.counts = new long[high - low + 1];
            h.offset = low;
            for (int i = 0; i < sorted.size; i++) {
                h.counts[sorted.keys[i] - low] = sorted.counts[i];
                total = Math.addExact(total, sorted.counts[i]);
            }
        }
        h.count = total;
        h.zeroCount = zeroCount;
        h.sum = sum;
        if (total > 0) {
            requireMinMax(min, max);
            h.min = min;
            h.max = max;
        }
        return h;
    }

    /**
     * The duration at quantile {@code q} straight from stored buckets (e.g. ClickHouse's {@code
     * sumMap(buckets)} over a time range), without building a histogram. Same accuracy as {@link
     * #quantile(double)}; without {@code min}/{@code max} a quantile among {@code zeroCount} is
     * answered with 0.
     *
     * @param buckets key → count, as accepted by {@link #fromBuckets}
     * @param zeroCount the number of durations below 1 µs
     * @param q the quantile, {@code 0 <= q <= 1}
     * @return the estimated duration in milliseconds
     * @throws NoSuchElementException if there are no durations at all
     * @throws IllegalArgumentException if {@code q} or a bucket is invalid
     */
    public static double quantile(
            Map<Integer, ? extends Number> buckets, long zeroCount, double q) {
        return quantiles(buckets, zeroCount, 0, Double.POSITIVE_INFINITY, false, q)[0];
    }

    /**
     * Several quantiles straight from stored buckets, clamped to the exact {@code min} and {@code
     * max} (as stored with the buckets), sorting the buckets once.
     *
     * @param buckets key → count, as accepted by {@link #fromBuckets}
     * @param zeroCount the number of durations below 1 µs
     * @param min the exact smallest duration (e.g. {@code min(min_ms)})
     * @param max the exact largest duration (e.g. {@code max(max_ms)})
     * @param qs the quantiles, each {@code 0 <= q <= 1}
     * @return the estimated durations in milliseconds, in the order of {@code qs}
     * @throws NoSuchElementException if there are no durations at all
     * @throws IllegalArgumentException if a quantile, a bucket, {@code min} or {@code max} is
     *     invalid
     */
    public static double[] quantiles(
            Map<Integer, ? extends Number> buckets,
            long zeroCount,
            double min,
            double max,
            double... qs) {
        return quantiles(buckets, zeroCount, min, max, true, qs);
    }

    private static double[] quantiles(
            Map<Integer, ? extends Number> buckets,
            long zeroCount,
            double min,
            double max,
            boolean exactExtremes,
            double... qs) {
        for (double q : qs) {
            requireQuantile(q);
        }
        if (zeroCount < 0) {
            throw new IllegalArgumentException("zeroCount must be >= 0, but was " + zeroCount);
        }
        SortedBuckets sorted = SortedBuckets.of(buckets);
        long total = zeroCount;
        for (int i = 0; i < sorted.size; i++) {
            total = Math.addExact(total, sorted.counts[i]);
        }
        if (total == 0) {
            throw new NoSuchElementException("No latency recorded: the buckets are empty.");
        }
        if (!(min <= max) || min < 0) {
            throw new IllegalArgumentException(
                    "min and max must satisfy 0 <= min <= max, but were " + min + " and " + max);
        }
        double[] result = new double[qs.length];
        for (int j = 0; j < qs.length; j++) {
            double rank = qs[j] * (total - 1);
            long cumulative = zeroCount;
            double value = max;
            if (exactExtremes && qs[j] == 1) {
                value = max;
            } else if (cumulative > rank || (exactExtremes && qs[j] == 0)) {
                value = min;
            } else {
                for (int i = 0; i < sorted.size; i++) {
                    cumulative += sorted.counts[i];
                    if (cumulative > rank) {
                        value = clamp(MAPPING.value(sorted.keys[i]), min, max);
                        break;
                    }
                }
            }
            result[j] = value;
        }
        return result;
    }

    /**
     * The bucket key of a duration: exactly sketches-java's {@code
     * CubicallyInterpolatedMapping(0.01).index(millis)}, clamped to {@code [MIN_KEY, MAX_KEY]}.
     *
     * @param millis a duration {@code >= MIN_TRACKED_MS}
     * @return its bucket key
     * @throws IllegalArgumentException if {@code millis} is below 1 µs or not a number
     */
    public static int bucketKey(double millis) {
        if (!(millis >= MIN_TRACKED_MS)) {
            throw new IllegalArgumentException(
                    "Durations below "
                            + MIN_TRACKED_MS
                            + " ms have no bucket (they count in zeroCount), but was "
                            + millis);
        }
        return millis > MAX_TRACKED_MS ? MAX_KEY : MAPPING.index(millis);
    }

    /** The smallest duration (inclusive) of bucket {@code key}, in milliseconds. */
    public static double bucketLowerBound(int key) {
        return MAPPING.lowerBound(key);
    }

    /** The largest duration (exclusive) of bucket {@code key}, in milliseconds. */
    public static double bucketUpperBound(int key) {
        return MAPPING.upperBound(key);
    }

    /**
     * The value reported for durations in bucket {@code key}: within 1 % of every duration in the
     * bucket.
     */
    public static double bucketValue(int key) {
        return MAPPING.value(key);
    }

    /** Bytes needed by {@link #writeTo(ByteBuffer)}. */
    public int encodedSize() {
        int[] span = nonZeroSpan();
        return 1 + 8 + 8 + 8 + 8 + 4 + 4 + 8 * (span[1] - span[0] + 1);
    }

    /**
     * Writes a compact binary form (for Kafka Streams state stores and changelogs), read back by
     * {@link #readFrom(ByteBuffer)}: a version byte, zero count, sum, min, max, then the dense
     * counts between the lowest and highest non-empty key.
     *
     * @param out a buffer with at least {@link #encodedSize()} bytes remaining
     */
    public void writeTo(ByteBuffer out) {
        int[] span = nonZeroSpan();
        out.put(ENCODING_VERSION);
        out.putLong(zeroCount);
        out.putDouble(sum);
        out.putDouble(min);
        out.putDouble(max);
        int length = span[1] - span[0] + 1;
        out.putInt(length == 0 ? 0 : offset + span[0]);
        out.putInt(length);
        for (int i = span[0]; i <= span[1]; i++) {
            out.putLong(counts[i]);
        }
    }

    /**
     * Reads a histogram written by {@link #writeTo(ByteBuffer)}.
     *
     * @param in positioned at the encoding; advanced past it
     * @return the decoded histogram
     * @throws DecodingException if the bytes are truncated or inconsistent
     */
    public static LatencyHistogram readFrom(ByteBuffer in) throws DecodingException {
        try {
            byte version = in.get();
            if (version != ENCODING_VERSION) {
                throw new DecodingException(
                        "Unknown latency histogram encoding version " + version + ".");
            }
            LatencyHistogram h = new LatencyHistogram();
            h.zeroCount = in.getLong();
            h.sum = in.getDouble();
            h.min = in.getDouble();
            h.max = in.getDouble();
            int first = in.getInt();
            int length = in.getInt();
            if (h.zeroCount < 0) {
                throw new DecodingException("Latency histogram zero count is negative.");
            }
            if (length < 0
                    || length > KEY_COUNT
                    || (length > 0 && (first < MIN_KEY || first + length - 1 > MAX_KEY))) {
                throw new DecodingException(
                        "Latency histogram bucket range "
                                + first
                                + " (+"
                                + length
                                + ") is outside ["
                                + MIN_KEY
                                + ", "
                                + MAX_KEY
                                + "].");
            }
            long total = h.zeroCount;
            if (length > 0) {
                h.counts = new long[length];
                h.offset = first;
                for (int i = 0; i < length; i++) {
                    long c = in.getLong();
                    if (c < 0) {
                        throw new DecodingException(
                                "Latency histogram bucket "
                                        + (first + i)
                                        + " has a negative count.");
                    }
                    h.counts[i] = c;
                    total += c;
                }
            }
            h.count = total;
            if (total > 0 && !(h.min >= 0 && h.min <= h.max && h.max < Double.POSITIVE_INFINITY)) {
                throw new DecodingException(
                        "Latency histogram min/max " + h.min + "/" + h.max + " are inconsistent.");
            }
            return h;
        } catch (BufferUnderflowException e) {
            throw new DecodingException("Latency histogram encoding is truncated.", e);
        }
    }

    /** {first, last} array indexes of non-zero counts, or {0, -1} when there are none. */
    private int[] nonZeroSpan() {
        int first = 0;
        int last = counts.length - 1;
        while (first <= last && counts[first] == 0) {
            first++;
        }
        while (last >= first && counts[last] == 0) {
            last--;
        }
        return first > last ? new int[] {0, -1} : new int[] {first, last};
    }

    @Override
    public String toString() {
        return "LatencyHistogram{count="
                + count
                + ", zeroCount="
                + zeroCount
                + ", sum="
                + sum
                + (count > 0 ? ", min=" + min + ", max=" + max : "")
                + ", buckets="
                + bucketCount()
                + "}";
    }

    private void requireNotEmpty() {
        if (count == 0) {
            throw new NoSuchElementException("No latency recorded: the histogram is empty.");
        }
    }

    private static void requireQuantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException(
                    "A quantile must be between 0 and 1 (0.95 for P95), but was " + q);
        }
    }

    private static void requireMinMax(double min, double max) {
        if (!(min >= 0 && min <= max && max < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "min and max must be finite with 0 <= min <= max when the count is positive,"
                            + " but were "
                            + min
                            + " and "
                            + max);
        }
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** Buckets validated and sorted by key, with primitive counts. */
    private static final class SortedBuckets {
        final int[] keys;
        final long[] counts;
        final int size;

        private SortedBuckets(int[] keys, long[] counts, int size) {
            this.keys = keys;
            this.counts = counts;
            this.size = size;
        }

        static SortedBuckets of(Map<Integer, ? extends Number> buckets) {
            int n = buckets.size();
            int[] keys = new int[n];
            long[] counts = new long[n];
            int size = 0;
            boolean ascending = true;
            for (Map.Entry<Integer, ? extends Number> e : buckets.entrySet()) {
                Integer key = e.getKey();
                if (key == null || key < MIN_KEY || key > MAX_KEY) {
                    throw new IllegalArgumentException(
                            "Bucket key "
                                    + key
                                    + " is outside the latency mapping's range ["
                                    + MIN_KEY
                                    + ", "
                                    + MAX_KEY
                                    + "].");
                }
                long c = toCount(key, e.getValue());
                if (c > 0) {
                    ascending &= size == 0 || keys[size - 1] < key;
                    keys[size] = key;
                    counts[size++] = c;
                }
            }
            if (!ascending) {
                // Sort (key, position) pairs; keys are distinct map keys within 11 bits.
                long[] packed = new long[size];
                for (int i = 0; i < size; i++) {
                    packed[i] = ((long) (keys[i] - MIN_KEY) << 32) | i;
                }
                Arrays.sort(packed);
                int[] sortedKeys = new int[size];
                long[] sortedCounts = new long[size];
                for (int i = 0; i < size; i++) {
                    sortedKeys[i] = (int) (packed[i] >>> 32) + MIN_KEY;
                    sortedCounts[i] = counts[(int) packed[i]];
                }
                keys = sortedKeys;
                counts = sortedCounts;
            }
            return new SortedBuckets(keys, counts, size);
        }

        private static long toCount(Integer key, Number value) {
            if (value == null) {
                throw new IllegalArgumentException("Bucket " + key + " has no count.");
            }
            if (value instanceof BigInteger big) {
                if (big.signum() < 0 || big.bitLength() > 63) {
                    throw new IllegalArgumentException(
                            "Bucket " + key + " count " + big + " is outside [0, 2^63).");
                }
                return big.longValue();
            }
            if (value instanceof Double || value instanceof Float) {
                double d = value.doubleValue();
                if (!(d >= 0) || d != Math.rint(d) || d >= 0x1p63) {
                    throw new IllegalArgumentException(
                            "Bucket " + key + " count " + d + " is not a whole number >= 0.");
                }
                return (long) d;
            }
            long c = value.longValue();
            if (c < 0) {
                throw new IllegalArgumentException(
                        "Bucket " + key + " count " + c + " is negative.");
            }
            return c;
        }
    }
}
