package dev.plimsoll.core.latency;

import java.util.Map;

/**
 * The contract for the read path of the API and alerts: quantiles computed by {@link
 * LatencyHistogram#quantiles} straight from stored buckets (as ClickHouse returns them), and
 * persistence through {@link LatencyHistogram#fromBuckets} (a {@code service_minute} row).
 */
class StoredBucketsContractTest extends HistogramContract {

    @Override
    Subject create() {
        return new Stored(new LatencyHistogram());
    }

    static final class Stored extends Subject {
        Stored(LatencyHistogram h) {
            super(h);
        }

        @Override
        double quantile(double q) {
            double min = h.isEmpty() ? 0 : h.min();
            double max = h.isEmpty() ? 0 : h.max();
            return LatencyHistogram.quantiles(h.buckets(), h.zeroCount(), min, max, q)[0];
        }

        @Override
        Subject roundTrip() {
            if (h.isEmpty()) {
                return new Stored(LatencyHistogram.fromBuckets(Map.of(), 0, 0, 0, 0));
            }
            return new Stored(
                    LatencyHistogram.fromBuckets(
                            h.buckets(), h.zeroCount(), h.sum(), h.min(), h.max()));
        }
    }
}
