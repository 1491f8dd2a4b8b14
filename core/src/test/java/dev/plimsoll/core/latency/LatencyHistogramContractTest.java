package dev.plimsoll.core.latency;

import dev.plimsoll.core.DecodingException;

import java.nio.ByteBuffer;

/** The contract for {@link LatencyHistogram} in memory, persisted through its binary encoding. */
class LatencyHistogramContractTest extends HistogramContract {

    @Override
    Subject create() {
        return new InMemory(new LatencyHistogram());
    }

    static final class InMemory extends Subject {
        InMemory(LatencyHistogram h) {
            super(h);
        }

        @Override
        double quantile(double q) {
            return h.quantile(q);
        }

        @Override
        Subject roundTrip() {
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
