package dev.plimsoll.core.latency;

import dev.plimsoll.core.DecodingException;

import java.nio.ByteBuffer;
import java.util.Map;

/** The contract for {@link LatencyHistogram} in memory, persisted through its binary encoding. */
class LatencyHistogramContractTest extends HistogramContract {

    @Override
    Subject create() {
        return new InMemory(new LatencyHistogram());
    }

    static final class InMemory implements Subject {
        final LatencyHistogram h;

        InMemory(LatencyHistogram h) {
            this.h = h;
        }

        @Override
        public void record(double millis) {
            h.record(millis);
        }

        @Override
        public void merge(Subject other) {
            h.merge(((InMemory) other).h);
        }

        @Override
        public long count() {
            return h.count();
        }

        @Override
        public double quantile(double q) {
            return h.quantile(q);
        }

        @Override
        public Map<Integer, Long> buckets() {
            return h.buckets();
        }

        @Override
        public long zeroCount() {
            return h.zeroCount();
        }

        @Override
        public Subject roundTrip() {
            ByteBuffer buffer = ByteBuffer.allocate(h.encodedSize());
            h.writeTo(buffer);
            buffer.flip();
            try {
                return new InMemory(LatencyHistogram.readFrom(buffer));
            } catch (DecodingException e) {
                throw new AssertionError(e);
            }
        }
    }
}
