package dev.plimsoll.core.concurrency;

import dev.plimsoll.core.DecodingException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyWindowTest {

    /** A window [1000, 1100) µs for the hand-computed cases. */
    private static final long W = 1_000;

    private static final long L = 100;

    private static ConcurrencyWindow window(long[]... intervals) {
        ConcurrencyWindow w = new ConcurrencyWindow(W, L);
        for (long[] i : intervals) {
            w.add(i[0], i[1]);
        }
        return w;
    }

    private static long[] iv(long start, long end) {
        return new long[] {W + start, W + end};
    }

    @Test
    void emptyWindowHasNoConcurrency() {
        WindowConcurrency r = window().result();

        assertThat(r.peakInFlight()).isZero();
        assertThat(r.inFlightMicros()).isZero();
        assertThat(r.meanInFlight()).isZero();
    }

    @Test
    void nestedRequests() {
        // [0,50) contains [10,20) and [12,15): 3 in flight during [12,15).
        WindowConcurrency r = window(iv(0, 50), iv(10, 20), iv(12, 15)).result();

        assertThat(r.peakInFlight()).isEqualTo(3);
        assertThat(r.inFlightMicros()).isEqualTo(50 + 10 + 3);
        assertThat(r.meanInFlight()).isEqualTo(0.63);
        assertThat(r.inFlightMs()).isEqualTo(0.063);
    }

    @Test
    void overlappingRequests() {
        // [0,30) [20,60) [50,90): never more than 2 at once.
        WindowConcurrency r = window(iv(0, 30), iv(20, 60), iv(50, 90)).result();

        assertThat(r.peakInFlight()).isEqualTo(2);
        assertThat(r.inFlightMicros()).isEqualTo(30 + 40 + 40);
    }

    @Test
    void backToBackRequestsDoNotOverlap() {
        // Half-open: the first has ended at 30 when the second starts.
        WindowConcurrency r = window(iv(0, 30), iv(30, 60), iv(60, 61)).result();

        assertThat(r.peakInFlight()).isEqualTo(1);
        assertThat(r.inFlightMicros()).isEqualTo(61);
    }

    @Test
    void requestSpanningTwoWindowsCountsInBoth() {
        // [1090, 1130) spans the window edge at 1100: 10 µs in the first, 30 µs in the second.
        ConcurrencyWindow first = new ConcurrencyWindow(1_000, 100);
        ConcurrencyWindow second = new ConcurrencyWindow(1_100, 100);
        ConcurrencyWindows.forEachWindow(
                1_090,
                1_130,
                100,
                (windowStart, s, e) -> (windowStart == 1_000 ? first : second).add(1_090, 1_130));
        second.add(1_100, 1_105); // starts at the edge, in flight with the carried-over request

        assertThat(first.result()).isEqualTo(new WindowConcurrency(1_000, 100, 1, 10));
        assertThat(second.result()).isEqualTo(new WindowConcurrency(1_100, 100, 2, 35));
    }

    @Test
    void requestCoveringTheWholeWindowAndBeyond() {
        ConcurrencyWindow w = window(new long[] {0, 5_000}, iv(40, 40));

        assertThat(w.peakInFlight()).isEqualTo(2); // the long request plus a zero-length one
        assertThat(w.inFlightMicros()).isEqualTo(100);
        assertThat(w.result().meanInFlight()).isEqualTo(1.0);
    }

    @Test
    void zeroLengthRequestsCountInThePeakButNotTheOverlap() {
        assertThat(window(iv(5, 5)).result()).isEqualTo(new WindowConcurrency(W, L, 1, 0));
        // Two zero-length requests at the same instant, inside a running one: 3 at once.
        assertThat(window(iv(0, 10), iv(5, 5), iv(5, 5)).peakInFlight()).isEqualTo(3);
        // At the instant another ends it is alone (half-open); with one that starts, it is not.
        assertThat(window(iv(0, 10), iv(10, 10)).peakInFlight()).isEqualTo(1);
        assertThat(window(iv(10, 20), iv(10, 10)).peakInFlight()).isEqualTo(2);
    }

    @Test
    void zeroLengthRequestsBelongToTheWindowContainingTheirInstant() {
        ConcurrencyWindow w = new ConcurrencyWindow(W, L);

        assertThat(w.add(W, W)).isTrue();
        assertThat(w.add(W + L, W + L)).isFalse(); // the next window's first instant
        assertThat(w.add(W - 1, W - 1)).isFalse();
        assertThat(w.add(W - 10, W)).isFalse(); // ends exactly where the window starts
        assertThat(w.requestCount()).isEqualTo(1);
    }

    @Test
    void arrivalOrderDoesNotMatter() {
        List<long[]> intervals = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            long s = W - 20 + random.nextInt(120);
            intervals.add(new long[] {s, s + random.nextInt(40)});
        }
        WindowConcurrency inOrder = window(intervals.toArray(new long[0][])).result();
        Collections.shuffle(intervals, random);

        assertThat(window(intervals.toArray(new long[0][])).result()).isEqualTo(inOrder);
    }

    @Test
    void invalidInputIsRejected() {
        ConcurrencyWindow w = new ConcurrencyWindow(W, L);

        assertThatThrownBy(() -> w.add(W + 5, W + 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot end before it starts");
        assertThatThrownBy(() -> new ConcurrencyWindow(0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowLengthMicros");
        assertThatThrownBy(() -> w.merge(new ConcurrencyWindow(W + L, L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot merge");
    }

    /**
     * Randomized check against a brute-force count at every microsecond of the window, with enough
     * intervals to exercise compaction, in random order, split into partial windows that are
     * merged, and through the binary encoding.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomIntervalsMatchABruteForceSweep(long seed) throws DecodingException {
        long start = 7_000_000;
        int length = 2_000;
        Random random = new Random(seed);
        int n = 6_000;
        long[][] intervals = new long[n][];
        for (int i = 0; i < n; i++) {
            long s = start - 500 + random.nextInt(length + 700);
            int kind = random.nextInt(10);
            long len = kind == 0 ? 0 : kind < 8 ? random.nextInt(60) : random.nextInt(3_000);
            intervals[i] = new long[] {s, s + len};
        }

        // Brute force: at every microsecond t of the window, count the intervals in flight.
        int bruteForcePeak = 0;
        long bruteForceOverlap = 0;
        for (long t = start; t < start + length; t++) {
            int inFlight = 0;
            for (long[] iv : intervals) {
                if ((iv[0] <= t && t < iv[1]) || (iv[0] == t && iv[1] == t)) {
                    inFlight++;
                }
            }
            bruteForcePeak = Math.max(bruteForcePeak, inFlight);
            bruteForceOverlap += inFlight;
        }
        // Each in-flight microsecond above counts one µs of overlap (zero-length ones excluded).
        long zeroLengthInWindow = 0;
        for (long[] iv : intervals) {
            if (iv[0] == iv[1] && iv[0] >= start && iv[0] < start + length) {
                zeroLengthInWindow++;
            }
        }
        bruteForceOverlap -= zeroLengthInWindow;

        ConcurrencyWindow whole = new ConcurrencyWindow(start, length);
        ConcurrencyWindow[] parts = new ConcurrencyWindow[3];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = new ConcurrencyWindow(start, length);
        }
        for (long[] iv : intervals) {
            whole.add(iv[0], iv[1]);
            parts[random.nextInt(parts.length)].add(iv[0], iv[1]);
        }
        ConcurrencyWindow merged = parts[0];
        merged.merge(parts[1]);
        merged.merge(parts[2]);
        ByteBuffer buffer = ByteBuffer.allocate(merged.encodedSize());
        merged.writeTo(buffer);
        buffer.flip();
        ConcurrencyWindow decoded = ConcurrencyWindow.readFrom(buffer);

        WindowConcurrency expected =
                new WindowConcurrency(start, length, bruteForcePeak, bruteForceOverlap);
        assertThat(whole.result()).isEqualTo(expected);
        assertThat(merged.result()).isEqualTo(expected);
        assertThat(decoded.result()).isEqualTo(expected);
        assertThat(decoded.requestCount()).isEqualTo(whole.requestCount());
        assertThat(whole.distinctBoundaries()).isLessThanOrEqualTo(length);
    }

    /**
     * A full one-minute window with 30 000 microsecond-resolution intervals (several compactions,
     * the radix sort's three passes) against a reference sweep over a sorted map of deltas.
     */
    @Test
    void aBusyMinuteMatchesAReferenceSweep() {
        long minute = ConcurrencyWindow.ONE_MINUTE_MICROS;
        long start = 29_000_000L * minute;
        Random random = new Random(17);
        java.util.TreeMap<Long, long[]> deltas = new java.util.TreeMap<>(); // {net, instants}
        ConcurrencyWindow w = new ConcurrencyWindow(start, minute);
        long overlap = 0;
        for (int i = 0; i < 30_000; i++) {
            long s = start - 2_000_000 + (long) (random.nextDouble() * (minute + 3_000_000));
            long e = random.nextInt(20) == 0 ? s : s + 1 + random.nextInt(5_000_000);
            w.add(s, e);
            long from = Math.max(s, start);
            long to = Math.min(e, start + minute);
            if (s == e) {
                if (s >= start && s < start + minute) {
                    deltas.computeIfAbsent(s, k -> new long[2])[1]++;
                }
            } else if (from < to) {
                deltas.computeIfAbsent(from, k -> new long[2])[0]++;
                deltas.computeIfAbsent(to, k -> new long[2])[0]--;
                overlap += to - from;
            }
        }
        long current = 0;
        long peak = 0;
        for (long[] d : deltas.values()) {
            current += d[0];
            peak = Math.max(peak, current + d[1]);
        }

        assertThat(w.result()).isEqualTo(new WindowConcurrency(start, minute, (int) peak, overlap));
    }

    @Test
    void boundariesAtTheSameInstantAreCoalesced() {
        // 10 000 requests that all start and end on whole milliseconds of a 10 ms window.
        ConcurrencyWindow w = new ConcurrencyWindow(0, 10_000);
        Random random = new Random(9);
        for (int i = 0; i < 10_000; i++) {
            long s = 1_000L * random.nextInt(10);
            w.add(s, s + 1_000L * (1 + random.nextInt(3)));
        }

        assertThat(w.distinctBoundaries()).isLessThanOrEqualTo(10);
        assertThat(w.retainedBytes()).isLessThan(12L * 10 + 8L * 4_096 + 200);
    }

    @Test
    void corruptEncodingIsReported() {
        ConcurrencyWindow w = window(iv(1, 5));
        ByteBuffer buffer = ByteBuffer.allocate(w.encodedSize());
        w.writeTo(buffer);
        byte[] bytes = buffer.array();

        assertThatThrownBy(
                        () ->
                                ConcurrencyWindow.readFrom(
                                        ByteBuffer.wrap(bytes, 0, bytes.length - 1).slice()))
                .isInstanceOf(DecodingException.class);
        bytes[0] = 2;
        assertThatThrownBy(() -> ConcurrencyWindow.readFrom(ByteBuffer.wrap(bytes)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("version 2");
    }
}
