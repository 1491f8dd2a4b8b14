package dev.plimsoll.streams.minute;

import dev.plimsoll.core.telemetry.Idempotency;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Recognises records of a batch sent again with the same {@code Idempotency-Key} (core's {@link
 * Idempotency}): per batch id, the set of record indexes this task has counted, kept for the
 * idempotency window in a changelogged window store (ADR 0012).
 *
 * <p>The store's entry of a batch is keyed by its 16-byte id, timed by the job's wall clock when
 * the task first counted one of its records, and holds the indexes counted so far as a bitmap
 * ({@link BitSet#toByteArray()}). Records of one batch arrive together, so entries are looked up
 * once and then served from memory; changes are written to the store only by {@link #flush()},
 * which the processor calls in its commit hook — inside the Kafka transaction that commits the
 * records they describe. A crash before that commit forgets both the aggregates and the "counted"
 * marks of the uncommitted records, which are then read again: nothing is lost or counted twice.
 *
 * <p>Not thread-safe: one per task.
 */
final class RetriedRecords {

    /** Clean entries kept in memory after a flush, to spare look-ups of batches still arriving. */
    private static final int CLEAN_ENTRIES_KEPT = 4_096;

    private final WindowStore<Bytes, byte[]> store;
    private final long windowMs;

    /** Entries read or changed since the last flush, and the most recent clean ones. */
    private final LinkedHashMap<Bytes, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    /** Entries changed since the last flush. */
    private final Map<Bytes, Entry> dirty = new HashMap<>();

    /** The entry of the last record's batch: records of a batch come one after another. */
    private byte[] lastId;

    private Entry lastEntry;

    private static final class Entry {
        /** Wall-clock time (ms) at which the task first counted a record of the batch. */
        final long firstCountedMs;

        final BitSet counted;

        /** Whether it changed since the last flush (it is in {@code dirty}). */
        boolean dirty;

        Entry(long firstCountedMs, BitSet counted) {
            this.firstCountedMs = firstCountedMs;
            this.counted = counted;
        }
    }

    /**
     * @param store the task's window store of batches
     * @param windowMs how long a batch is remembered after the task first counted a record of it
     */
    RetriedRecords(WindowStore<Bytes, byte[]> store, long windowMs) {
        this.store = store;
        this.windowMs = windowMs;
    }

    /**
     * Whether the record with these headers was already counted (a retry's copy), otherwise notes
     * it as counted. Records without well-formed {@value Idempotency#BATCH_ID_HEADER} and {@value
     * Idempotency#BATCH_INDEX_HEADER} headers are never retries.
     *
     * @param wallClockMs the job's wall clock, read only for records that carry the headers
     */
    boolean isRetry(Headers headers, LongSupplier wallClockMs) {
        Header id = headers.lastHeader(Idempotency.BATCH_ID_HEADER);
        if (id == null || !Idempotency.isBatchId(id.value())) {
            return false;
        }
        Header indexHeader = headers.lastHeader(Idempotency.BATCH_INDEX_HEADER);
        int index = indexHeader == null ? -1 : Idempotency.decodeIndex(indexHeader.value());
        if (index < 0) {
            return false;
        }
        long nowMs = wallClockMs.getAsLong();
        Entry entry;
        if (lastEntry != null
                && Arrays.equals(lastId, id.value())
                && nowMs - lastEntry.firstCountedMs <= windowMs) {
            entry = lastEntry;
        } else {
            Bytes key = Bytes.wrap(id.value());
            entry = entries.get(key);
            if (entry == null || nowMs - entry.firstCountedMs > windowMs) {
                entry = load(key, nowMs);
            }
            lastId = id.value();
            lastEntry = entry;
        }
        if (entry.counted.get(index)) {
            return true;
        }
        entry.counted.set(index);
        if (!entry.dirty) {
            entry.dirty = true;
            dirty.put(Bytes.wrap(lastId), entry);
        }
        return false;
    }

    /** The batch's entry in the store (counted within the window), or a new, empty one. */
    private Entry load(Bytes key, long nowMs) {
        Entry found = null;
        try (WindowStoreIterator<byte[]> it = store.fetch(key, nowMs - windowMs, Long.MAX_VALUE)) {
            while (it.hasNext()) {
                KeyValue<Long, byte[]> kv = it.next();
                // several entries only when one expired and the batch came again: take the latest
                if (found == null || kv.key > found.firstCountedMs) {
                    found = new Entry(kv.key, BitSet.valueOf(kv.value));
                }
            }
        }
        Entry entry = found != null ? found : new Entry(nowMs, new BitSet());
        entries.put(key, entry);
        return entry;
    }

    /** Writes the entries changed since the last call to the store; keeps recent ones cached. */
    void flush() {
        for (Map.Entry<Bytes, Entry> e : dirty.entrySet()) {
            store.put(e.getKey(), e.getValue().counted.toByteArray(), e.getValue().firstCountedMs);
            e.getValue().dirty = false;
        }
        dirty.clear();
        if (entries.size() > CLEAN_ENTRIES_KEPT) {
            Iterator<Bytes> oldest = entries.keySet().iterator();
            for (int n = entries.size() - CLEAN_ENTRIES_KEPT; n > 0; n--) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    /** Forgets everything not yet flushed (the task's state is being reset). */
    void discard() {
        entries.clear();
        dirty.clear();
        lastId = null;
        lastEntry = null;
    }

    /** Entries held in memory (tests). */
    int cached() {
        return entries.size();
    }
}
