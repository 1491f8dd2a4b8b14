package dev.plimsoll.cost.operators;

import dev.plimsoll.core.users.DistinctUsers;
import dev.plimsoll.cost.model.DayInput;
import dev.plimsoll.cost.model.DayInputCodec;
import dev.plimsoll.cost.model.HourTraffic;
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
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.IOException;
import java.time.Duration;

/**
 * Counts requests and collects distinct users per service and hour, keyed by {@code service|hour},
 * and hands them to the allocation as {@link HourTraffic}: the hour's request count so far (it
 * replaces the previous one) and the users seen since the last update (a set; the allocation merges
 * sets, which is idempotent). So only a small buffer of users lives here; the hour's full set lives
 * once, in {@link DayAllocator}.
 *
 * <ul>
 *   <li>An update goes out {@code flushInterval} (processing time) after the first request since
 *       the last one: provisional results within seconds, without a message per request.
 *   <li>When event time passes the hour's end plus {@code settle}, the last update goes out ({@code
 *       last = true}), and state and timers are cleared.
 *   <li>A request for an hour already past its settle time is not counted (metric {@code
 *       late-requests}): the hour's rows are final.
 * </ul>
 */
public final class TrafficCounter extends KeyedProcessFunction<String, TrafficEvent, DayInput>
        implements ResultTypeQueryable<DayInput> {

    private static final long serialVersionUID = 1L;

    private final long settleMillis;
    private final long flushMillis;
    private final int usersCap;
    private transient ValueState<Acc> acc;
    private transient Counter late;

    public TrafficCounter(Duration settle, Duration flushInterval, int usersCap) {
        this.settleMillis = settle.toMillis();
        this.flushMillis = flushInterval.toMillis();
        this.usersCap = usersCap;
    }

    public static ValueStateDescriptor<Acc> stateDescriptor() {
        return new ValueStateDescriptor<>("traffic", CodecTypeInfo.of(new Acc.AccCodec()));
    }

    @Override
    public TypeInformation<DayInput> getProducedType() {
        return CodecTypeInfo.of(new dev.plimsoll.cost.model.DayInputCodec());
    }

    @Override
    public void open(OpenContext openContext) {
        acc = getRuntimeContext().getState(stateDescriptor());
        late = getRuntimeContext().getMetricGroup().counter("late-requests");
    }

    @Override
    public void processElement(TrafficEvent e, Context ctx, Collector<DayInput> out)
            throws Exception {
        long finalAt = (e.hour() + 3600) * 1000 + settleMillis;
        if (finalAt <= ctx.timerService().currentWatermark()) {
            late.inc();
            return;
        }
        Acc a = acc.value();
        if (a == null) {
            a = new Acc(new DistinctUsers(usersCap));
            ctx.timerService().registerEventTimeTimer(finalAt);
        }
        a.requests++;
        if (e.hasUser()) {
            a.users.add(e.userHash());
        }
        if (a.flushAt == 0) {
            a.flushAt = ctx.timerService().currentProcessingTime() + flushMillis;
            ctx.timerService().registerProcessingTimeTimer(a.flushAt);
        }
        acc.update(a);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DayInput> out)
            throws Exception {
        Acc a = acc.value();
        if (a == null) {
            return;
        }
        String key = ctx.getCurrentKey();
        int bar = key.lastIndexOf('|');
        String service = key.substring(0, bar);
        long hour = Long.parseLong(key.substring(bar + 1));
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            out.collect(new HourTraffic(service, hour, a.requests, a.users, false));
            a.users = new DistinctUsers(usersCap);
            a.flushAt = 0;
            acc.update(a);
            return;
        }
        if (a.flushAt != 0) {
            ctx.timerService().deleteProcessingTimeTimer(a.flushAt);
        }
        out.collect(new HourTraffic(service, hour, a.requests, a.users, true));
        acc.clear();
    }

    /** Requests so far and the users since the last update. */
    public static final class Acc {
        long requests;
        DistinctUsers users;
        long flushAt;

        Acc(DistinctUsers users) {
            this.users = users;
        }

        public long requests() {
            return requests;
        }

        /** Binary form. */
        public static final class AccCodec implements Codec<Acc> {
            private static final long serialVersionUID = 1L;

            @Override
            public Class<Acc> type() {
                return Acc.class;
            }

            @Override
            public void write(Acc a, DataOutputView out) throws IOException {
                out.writeLong(a.requests);
                out.writeLong(a.flushAt);
                DayInputCodec.writeUsers(a.users, out);
            }

            @Override
            public Acc read(DataInputView in) throws IOException {
                long requests = in.readLong();
                long flushAt = in.readLong();
                Acc a = new Acc(DayInputCodec.readUsers(in));
                a.requests = requests;
                a.flushAt = flushAt;
                return a;
            }

            @Override
            public boolean immutable() {
                return false;
            }

            @Override
            public Acc copy(Acc value) {
                Acc a = new Acc(DayInputCodec.copy(value.users));
                a.requests = value.requests;
                a.flushAt = value.flushAt;
                return a;
            }
        }
    }
}
