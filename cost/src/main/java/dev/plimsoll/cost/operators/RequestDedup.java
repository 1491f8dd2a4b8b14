package dev.plimsoll.cost.operators;

import dev.plimsoll.cost.model.TrafficEvent;
import dev.plimsoll.cost.serde.Codec;
import dev.plimsoll.cost.serde.CodecTypeInfo;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.time.Duration;
import java.util.BitSet;

/**
 * Drops request events of a retried batch that were already counted (the idempotency contract of
 * ingest: batch id + index in Kafka headers, a 24-hour window measured on Kafka record timestamps).
 * Keyed by batch id; per batch a bit set of the indexes counted and the record timestamp that
 * opened the window. A record more than the window after that timestamp starts a new window (it
 * counts, as the contract requires). State and its timer are cleared one window plus an hour after
 * the window opened (by event time).
 */
public final class RequestDedup extends KeyedProcessFunction<String, TrafficEvent, TrafficEvent>
        implements ResultTypeQueryable<TrafficEvent> {

    private static final long serialVersionUID = 1L;
    private static final long MARGIN_MILLIS = 3_600_000L;

    private final long windowMillis;
    private transient ValueState<Seen> seen;
    private transient Counter duplicates;

    public RequestDedup(Duration window) {
        this.windowMillis = window.toMillis();
    }

    public static ValueStateDescriptor<Seen> stateDescriptor() {
        return new ValueStateDescriptor<>("dedup", CodecTypeInfo.of(new Seen.SeenCodec()));
    }

    @Override
    public TypeInformation<TrafficEvent> getProducedType() {
        return CodecTypeInfo.of(new TrafficEvent.TrafficEventCodec());
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(stateDescriptor());
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicate-requests");
    }

    @Override
    public void processElement(TrafficEvent e, Context ctx, Collector<TrafficEvent> out)
            throws Exception {
        Seen s = seen.value();
        if (s != null && e.recordTimestamp() - s.openedAt > windowMillis) {
            ctx.timerService().deleteEventTimeTimer(s.openedAt + windowMillis + MARGIN_MILLIS);
            s = null; // beyond the window: counts again, and opens a new one
        }
        if (s == null) {
            s = new Seen(e.recordTimestamp());
            ctx.timerService().registerEventTimeTimer(s.openedAt + windowMillis + MARGIN_MILLIS);
        }
        if (s.indexes.get(e.batchIndex())) {
            duplicates.inc();
            return;
        }
        s.indexes.set(e.batchIndex());
        seen.update(s);
        out.collect(e);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrafficEvent> out)
            throws Exception {
        seen.clear();
    }

    /** The indexes of one batch counted so far. */
    public static final class Seen {
        final long openedAt;
        final BitSet indexes = new BitSet();

        Seen(long openedAt) {
            this.openedAt = openedAt;
        }

        /** Binary form. */
        public static final class SeenCodec implements Codec<Seen> {
            private static final long serialVersionUID = 1L;

            @Override
            public Class<Seen> type() {
                return Seen.class;
            }

            @Override
            public void write(Seen s, DataOutputView out) throws IOException {
                out.writeLong(s.openedAt);
                long[] words = s.indexes.toLongArray();
                out.writeInt(words.length);
                for (long w : words) {
                    out.writeLong(w);
                }
            }

            @Override
            public Seen read(DataInputView in) throws IOException {
                Seen s = new Seen(in.readLong());
                long[] words = new long[in.readInt()];
                for (int i = 0; i < words.length; i++) {
                    words[i] = in.readLong();
                }
                s.indexes.or(BitSet.valueOf(words));
                return s;
            }

            @Override
            public boolean immutable() {
                return false;
            }

            @Override
            public Seen copy(Seen value) {
                Seen s = new Seen(value.openedAt);
                s.indexes.or(value.indexes);
                return s;
            }
        }
    }
}
