package dev.plimsoll.streams.minute;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;

import java.util.Map;

/**
 * RocksDB settings of the job's only on-disk store, the idempotency batches ({@link
 * RetriedRecords}): small values written once per batch and commit, read once per batch. Kafka
 * Streams' defaults (a 50 MB block cache and up to three 16 MB memtables per store, i.e. per task)
 * would reserve up to ~100 MB of native memory per task for it; 8 MB of cache and two 4 MB
 * memtables are ample. Set as {@code rocksdb.config.setter} unless the settings' Kafka overrides
 * name another.
 */
public final class SmallRocksDbStores implements RocksDBConfigSetter {

    static final long BLOCK_CACHE_BYTES = 8L * 1024 * 1024;
    static final long WRITE_BUFFER_BYTES = 4L * 1024 * 1024;

    private Cache cache;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        cache = new LRUCache(BLOCK_CACHE_BYTES);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        options.setTableFormatConfig(table);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        if (cache != null) {
            cache.close();
        }
    }
}
