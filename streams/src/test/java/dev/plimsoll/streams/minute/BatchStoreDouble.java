package dev.plimsoll.streams.minute;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The batches store for processors on a {@link org.apache.kafka.streams.processor.api
 * .MockProcessorContext}, whose context Kafka Streams' own window stores refuse ("requires internal
 * features"). Only what {@link RetriedRecords} uses: {@code put} and {@code fetch(key, from, to)},
 * with Kafka's semantics (no duplicates: a put replaces, a null value deletes). The topology and
 * every {@code TopologyTestDriver} test use the real RocksDB store.
 */
final class BatchStoreDouble implements WindowStore<Bytes, byte[]> {

    private final String name;
    private final TreeMap<Bytes, TreeMap<Long, byte[]>> entries = new TreeMap<>();
    private boolean open;

    BatchStoreDouble(String name) {
        this.name = name;
    }

    @Override
    public void put(Bytes key, byte[] value, long windowStartTimestamp) {
        if (value == null) {
            TreeMap<Long, byte[]> times = entries.get(key);
            if (times != null) {
                times.remove(windowStartTimestamp);
            }
            return;
        }
        entries.computeIfAbsent(key, k -> new TreeMap<>()).put(windowStartTimestamp, value);
    }

    @Override
    public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
        TreeMap<Long, byte[]> times = entries.getOrDefault(key, new TreeMap<>());
        Iterator<Map.Entry<Long, byte[]>> it =
                new TreeMap<>(times.subMap(timeFrom, true, timeTo, true)).entrySet().iterator();
        return new WindowStoreIterator<>() {
            @Override
            public void close() {}

            @Override
            public Long peekNextKey() {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<Long, byte[]> next() {
                Map.Entry<Long, byte[]> e = it.next();
                return KeyValue.pair(e.getKey(), e.getValue());
            }
        };
    }

    @Override
    public byte[] fetch(Bytes key, long time) {
        TreeMap<Long, byte[]> times = entries.get(key);
        return times == null ? null : times.get(time);
    }

    @Override
    public WindowStoreIterator<byte[]> fetch(Bytes key, Instant timeFrom, Instant timeTo) {
        return fetch(key, timeFrom.toEpochMilli(), timeTo.toEpochMilli());
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(
            Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(
            Bytes keyFrom, Bytes keyTo, Instant timeFrom, Instant timeTo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(Instant timeFrom, Instant timeTo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
        throw new UnsupportedOperationException();
    }

    /** Batches held (tests). */
    int size() {
        return entries.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        open = true;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
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
}
