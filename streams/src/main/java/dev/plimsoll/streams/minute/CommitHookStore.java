package dev.plimsoll.streams.minute;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.Map;

/**
 * A store without data that tells its processor when the task is about to commit, so that the
 * processor can write its in-memory aggregates into the changelogged store inside the same
 * transaction.
 *
 * <p>Why this hook and not {@link StateStore#flush()}: in Kafka Streams 4.2, {@code
 * StreamTask.prepareCommit} calls {@code ProcessorStateManager.flushCache()}, which calls {@link
 * CachedStateStore#flushCache()} on every registered store, then flushes the record collector (the
 * changelog writes), and only then are the input offsets committed with the transaction. {@code
 * StateStore.flush()} runs later, in {@code postCommit} (checkpointing, and under exactly-once only
 * when a checkpoint is enforced): writes made there would land in the next transaction while the
 * offsets of the events they contain are already committed, and a crash in between would lose them.
 * {@code CachedStateStore} is the interface Kafka Streams' own record caches use for the same
 * purpose; it is internal, which is why a TopologyTestDriver test and the crash-restart test pin
 * the behaviour. See {@code docs/adr/0001-streams-preaggregation.md}.
 */
final class CommitHookStore implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private Runnable beforeCommit = () -> {};
    private Runnable discard = () -> {};
    private boolean open;

    CommitHookStore(String name) {
        this.name = name;
    }

    /**
     * @param beforeCommit writes the in-memory state into the logged store
     * @param discard drops the in-memory state (the task's state is being reset)
     */
    void bind(Runnable beforeCommit, Runnable discard) {
        this.beforeCommit = beforeCommit;
        this.discard = discard;
    }

    void unbind() {
        bind(() -> {}, () -> {});
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public void clearCache() {
        discard.run();
    }

    @Override
    public boolean setFlushListener(
            CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(
                root,
                (key, value) -> {
                    throw new IllegalStateException(name + " has no changelog to restore");
                });
        open = true;
    }

    /** Deliberately empty: called after the commit, too late to add to the transaction. */
    @Override
    public void flush() {}

    @Override
    public void close() {
        unbind();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Builds the hook; it has no cache and no changelog of its own. */
    static final class Builder implements StoreBuilder<CommitHookStore> {
        private final String name;

        Builder(String name) {
            this.name = name;
        }

        @Override
        public StoreBuilder<CommitHookStore> withCachingEnabled() {
            throw new UnsupportedOperationException(name + " cannot have a cache");
        }

        @Override
        public StoreBuilder<CommitHookStore> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitHookStore> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException(name + " has no data to log");
        }

        @Override
        public StoreBuilder<CommitHookStore> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitHookStore build() {
            return new CommitHookStore(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
