package dev.plimsoll.benchmarks.latency;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;

/**
 * The rejected candidate of ADR 0001, kept for the benchmark: {@code LatencyHistogram}'s job done
 * by sketches-java's {@link DDSketch} (same mapping, its unbounded dense store of {@code double}
 * counts) plus the exact count, sum, min and max the row needs.
 */
public final class LibraryBackedHistogram {

    private final DDSketch sketch =
            new DDSketch(new CubicallyInterpolatedMapping(0.01), UnboundedSizeDenseStore::new);
    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    public void record(double millis) {
        sketch.accept(millis < 0.001 ? 0 : millis);
        count++;
        sum += millis;
        if (millis < min) {
            min = millis;
        }
        if (millis > max) {
            max = millis;
        }
    }

    public void merge(LibraryBackedHistogram other) {
        sketch.mergeWith(other.sketch);
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    public double quantile(double q) {
        return Math.max(min, Math.min(max, sketch.getValueAtQuantile(q)));
    }

    public long count() {
        return count;
    }
}
