package dev.plimsoll.streams.minute;

import dev.plimsoll.streams.row.ServiceMinuteRow;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link MockProcessorContext} holding the aggregator's four stores, as a task does: new
 * processors initialized with it see what earlier ones left (a restart or a rebalance). The stores
 * are in memory, not logged (the batches store is on disk in the topology; {@link
 * BatchStoreDouble}).
 */
record TaskFixture(
        MockProcessorContext<String, ServiceMinuteRow> context,
        KeyValueStore<Bytes, byte[]> aggregates,
        KeyValueStore<Bytes, byte[]> clock,
        BatchStoreDouble batches,
        CommitHookStore hook) {

    static TaskFixture create() {
        MockProcessorContext<String, ServiceMinuteRow> context = new MockProcessorContext<>();
        KeyValueStore<Bytes, byte[]> aggregates =
                store(context, ServiceMinuteTopology.AGGREGATES_STORE);
        KeyValueStore<Bytes, byte[]> clock = store(context, ServiceMinuteTopology.CLOCK_STORE);
        BatchStoreDouble batches = new BatchStoreDouble(ServiceMinuteTopology.IDEMPOTENCY_STORE);
        batches.init(context.getStateStoreContext(), batches);
        context.addStateStore(batches);
        CommitHookStore hook =
                new CommitHookStore.Builder(ServiceMinuteTopology.COMMIT_HOOK_STORE).build();
        hook.init(context.getStateStoreContext(), hook);
        context.addStateStore(hook);
        return new TaskFixture(context, aggregates, clock, batches, hook);
    }

    private static KeyValueStore<Bytes, byte[]> store(
            MockProcessorContext<String, ServiceMinuteRow> context, String name) {
        KeyValueStore<Bytes, byte[]> store =
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(name),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withLoggingDisabled()
                        .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
