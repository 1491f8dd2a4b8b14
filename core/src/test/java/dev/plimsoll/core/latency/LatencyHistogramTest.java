package dev.plimsoll.core.latency;

import dev.plimsoll.core.DecodingException;

import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyHistogramTest {

    /**
     * The stored bucket keys are a ClickHouse contract: these pairs must never change (ADR 0001).
     */
    @Test
    void bucketKeysArePinned() {
        assertThat(LatencyHistogram.bucketKey(0.001)).isEqualTo(-349);
        assertThat(LatencyHistogram.bucketKey(1.0)).isEqualTo(0);
        assertThat(LatencyHistogram.bucketKey(2.0)).isEqualTo(34);
        assertThat(LatencyHistogram.bucketKey(100.0)).isEqualTo(232);
        assertThat(LatencyHistogram.bucketKey(250.0)).isEqualTo(278);
        assertThat(LatencyHistogram.bucketKey(60_000.0)).isEqualTo(555);
        assertThat(LatencyHistogram.bucketKey(3_600_000.0)).isEqualTo(762);
        assertThat(LatencyHistogram.bucketKey(1e9)).isEqualTo(1046);
        assertThat(LatencyHistogram.bucketKey(5e12)).isEqualTo(LatencyHistogram.MAX_KEY);
    }

    /** The keys are exactly sketches-java's mapping, and the formula written in the ADR. */
    @Test
    void bucketKeysEqualTheLibraryMappingAndTheDocumentedFormula() {
        CubicallyInterpolatedMapping library = new CubicallyInterpolatedMapping(0.01);
        double multiplier = 7.0 / (10.0 * Math.log((1 + 0.01) / (1 - 0.01)));
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            double v = Math.exp(Math.log(0.001) + random.nextDouble() * Math.log(1e12));
            int key = LatencyHistogram.bucketKey(v);
            assertThat(key).isEqualTo(library.index(v));
            int e = Math.getExponent(v);
            double s = v / Math.scalb(1.0, e) - 1;
            double formula =
                    multiplier * (e + (6.0 / 35) * s * s * s + (-3.0 / 5) * s * s + (10.0 / 7) * s);
            assertThat(key).as("v=%s", v).isEqualTo((int) Math.floor(formula));
        }
    }

    @Test
    void everyDurationIsWithinOnePercentOfItsBucketValue() {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 200_000; i++) {
            double v = Math.exp(Math.log(0.001) + random.nextDouble() * Math.log(1e12));
            int key = LatencyHistogram.bucketKey(v);
            assertThat(LatencyHistogram.bucketLowerBound(key)).isLessThanOrEqualTo(v);
            assertThat(LatencyHistogram.bucketUpperBound(key)).isGreaterThan(v);
            assertThat(Math.abs(LatencyHistogram.bucketValue(key) - v))
                    .isLessThanOrEqualTo(0.01 * v);
        }
    }

    @Test
    void invalidDurationsAreRejectedWithTheValue() {
        LatencyHistogram h = new LatencyHistogram();

        for (double bad :
                new double[] {
                    -1, -0.0001, Double.NaN, Double.POSITIVE_INFINITY, -Double.MAX_VALUE
                }) {
            assertThatThrownBy(() -> h.record(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finite number of milliseconds >= 0")
                    .hasMessageContaining(String.valueOf(bad));
        }
        assertThat(h.count()).isZero();
    }

    @Test
    void subMicrosecondDurationsCountAsZeroAndAnswerWithTheExactMin() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        h.record(0.0004);
        h.record(0.0009);
        h.record(10);

        assertThat(h.zeroCount()).isEqualTo(3);
        assertThat(h.count()).isEqualTo(4);
        assertThat(h.buckets()).containsOnlyKeys(LatencyHistogram.bucketKey(10));
        assertThat(h.quantile(0.5)).isEqualTo(0.0); // rank 1.5 -> second value, in the zero bucket
        assertThat(h.min()).isEqualTo(0);
        assertThat(h.sum()).isEqualTo(10.0013, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void hugeDurationsGoToTheTopBucketWithAnExactMax() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5e12);
        h.record(1);

        assertThat(h.buckets()).containsEntry(LatencyHistogram.MAX_KEY, 1L);
        assertThat(h.max()).isEqualTo(5e12);
        assertThat(h.quantile(1)).isEqualTo(5e12);
    }

    @Test
    void emptyHistogramHasNoMinOrMax() {
        LatencyHistogram h = new LatencyHistogram();

        assertThat(h.isEmpty()).isTrue();
        assertThat(h.sum()).isZero();
        assertThatThrownBy(h::min).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(h::max).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> LatencyHistogram.quantile(Map.of(), 0, 0.5))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void clearForgetsEverything() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(3);
        h.record(0);

        h.clear();

        assertThat(h.isEmpty()).isTrue();
        assertThat(h.zeroCount()).isZero();
        assertThat(h.buckets()).isEmpty();
        h.record(7);
        assertThat(h.min()).isEqualTo(7);
        assertThat(h.max()).isEqualTo(7);
    }

    @Test
    void quantilesFromStoredBucketsAcceptUInt64AsBigIntegerAndMergedMaps() {
        // Two stored rows: 1 ms x 3 and 100 ms x 1, merged the way sumMap does.
        Map<Integer, BigInteger> summed =
                Map.of(0, BigInteger.valueOf(3), 232, BigInteger.valueOf(1));

        double[] q = LatencyHistogram.quantiles(summed, 0, 1.0, 100.0, 0.5, 0.99, 1.0);

        assertThat(q[0]).isEqualTo(LatencyHistogram.bucketValue(0)).isEqualTo(1.01); // rank 1.5
        // rank 2.97 -> third value, 1 ms; 1 ms is its bucket's lower bound, the worst case
        assertThat(Math.abs(q[1] - 1.0)).isLessThanOrEqualTo(0.01 * (1 + 1e-12));
        assertThat(q[2]).isEqualTo(100.0);
        assertThat(Math.abs(LatencyHistogram.quantile(summed, 0, 1.0) - 100))
                .isLessThanOrEqualTo(1.0);
    }

    @Test
    void invalidStoredBucketsAreRejectedNamingTheBucket() {
        assertThatThrownBy(() -> LatencyHistogram.fromBuckets(Map.of(5000, 1L), 0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bucket key 5000");
        assertThatThrownBy(() -> LatencyHistogram.fromBuckets(Map.of(3, -2L), 0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bucket 3 count -2");
        assertThatThrownBy(
                        () ->
                                LatencyHistogram.fromBuckets(
                                        Map.of(3, BigInteger.ONE.shiftLeft(64)), 0, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside [0, 2^63)");
        assertThatThrownBy(() -> LatencyHistogram.fromBuckets(Map.of(3, 1L), 0, 1, 5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min <= max");
        assertThatThrownBy(() -> LatencyHistogram.fromBuckets(Map.of(), -1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zeroCount");
    }

    @Test
    void fromBucketsRebuildsCountsAndIgnoresMinMaxWhenEmpty() {
        LatencyHistogram empty =
                LatencyHistogram.fromBuckets(
                        Map.of(), 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        LatencyHistogram h = LatencyHistogram.fromBuckets(Map.of(0, 2L, 232, 1L), 4, 102.0, 0, 100);

        assertThat(empty.isEmpty()).isTrue();
        assertThat(h.count()).isEqualTo(7);
        assertThat(h.zeroCount()).isEqualTo(4);
        assertThat(h.bucketCount()).isEqualTo(2);
        assertThat(h.quantile(0.5)).isEqualTo(0); // rank 3 is among the 4 zero durations
    }

    @Test
    void corruptEncodingsAreReportedAsDecodingErrors() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(12);
        ByteBuffer buffer = ByteBuffer.allocate(h.encodedSize());
        h.writeTo(buffer);
        byte[] bytes = buffer.array();

        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> LatencyHistogram.readFrom(ByteBuffer.wrap(truncated)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("truncated");
        byte[] badVersion = bytes.clone();
        badVersion[0] = 9;
        assertThatThrownBy(() -> LatencyHistogram.readFrom(ByteBuffer.wrap(badVersion)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void memoryStaysWithinTheFullKeyRange() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0.001);
        h.record(1e15);
        h.record(1);

        assertThat(h.bucketCount()).isEqualTo(3);
        assertThat(h.encodedSize()).isLessThanOrEqualTo(41 + 8 * LatencyHistogram.KEY_COUNT);
        assertThat(LatencyHistogram.KEY_COUNT).isEqualTo(1396);
    }
}
