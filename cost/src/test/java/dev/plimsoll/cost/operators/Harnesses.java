package dev.plimsoll.cost.operators;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import java.time.Instant;

/** Shared helpers of the operator harness tests. */
final class Harnesses {

    /** 2026-03-01, the day of the tests' costs and requests. */
    static final long DAY = 20513;

    static final long H0 = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond();

    private Harnesses() {}

    /** Hour {@code h} of 2026-03-01, epoch seconds. */
    static long hour(int h) {
        return H0 + h * 3600L;
    }

    /** Milliseconds of an instant given as text. */
    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    /**
     * A harness for a keyed process function whose output is written by the function's own type
     * information (the default harness would pick a Kryo/POJO serializer from the first output),
     * set up but not opened, so that state can be restored first.
     */
    static <K, IN, OUT, F extends KeyedProcessFunction<K, IN, OUT> & ResultTypeQueryable<OUT>>
            KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> unopened(
                    F function, KeySelector<IN, K> key, TypeInformation<K> keyType)
                    throws Exception {
        KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), key, keyType);
        h.setup(function.getProducedType().createSerializer(new SerializerConfigImpl()));
        return h;
    }

    /** {@link #unopened}, opened. */
    static <K, IN, OUT, F extends KeyedProcessFunction<K, IN, OUT> & ResultTypeQueryable<OUT>>
            KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> opened(
                    F function, KeySelector<IN, K> key, TypeInformation<K> keyType)
                    throws Exception {
        KeyedOneInputStreamOperatorTestHarness<K, IN, OUT> h = unopened(function, key, keyType);
        h.open();
        return h;
    }

    /** The value of a keyed state of {@code key}, read through the operator. */
    static <K, S extends State> S state(
            KeyedOneInputStreamOperatorTestHarness<K, ?, ?> harness,
            K key,
            StateDescriptor<S, ?> descriptor)
            throws Exception {
        harness.getOperator().setCurrentKey(key);
        return harness.getOperator()
                .getPartitionedState(
                        VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }
}
