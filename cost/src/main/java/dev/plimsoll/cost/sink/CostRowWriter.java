package dev.plimsoll.cost.sink;

import dev.plimsoll.cost.model.CostRow;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Buffers rows and inserts them when {@code batchRows} are waiting, every {@code flushInterval},
 * and before every checkpoint ({@link #flush}). Each row gets its version when it arrives: the
 * writer's clock in microseconds, strictly increasing, so a row written later for a key — a newer
 * state, or the same state after a restore — always wins. A failed insert is retried with backoff
 * for {@code maxRetry}; then the writer fails and the job restores from its last checkpoint.
 */
final class CostRowWriter implements SinkWriter<CostRow> {

    private static final Logger LOG = LoggerFactory.getLogger(CostRowWriter.class);

    private final ClickHouseCostSink sink;
    private final Properties jdbcProperties;
    private final ProcessingTimeService time;
    private final List<CostTables.Versioned> buffer = new ArrayList<>();
    private CostTables tables;
    private long lastVersion;
    private boolean closed;

    CostRowWriter(ClickHouseCostSink sink, Properties jdbcProperties, ProcessingTimeService time) {
        this.sink = sink;
        this.jdbcProperties = jdbcProperties;
        this.time = time;
        scheduleFlush();
    }

    private void scheduleFlush() {
        time.registerTimer(
                time.getCurrentProcessingTime() + sink.flushInterval().toMillis(),
                t -> {
                    if (closed) {
                        return;
                    }
                    insertBuffered();
                    scheduleFlush();
                });
    }

    @Override
    public void write(CostRow row, Context context) throws IOException {
        long version = Math.max(System.currentTimeMillis() * 1000, lastVersion + 1);
        lastVersion = version;
        buffer.add(new CostTables.Versioned(row, version));
        if (buffer.size() >= sink.batchRows()) {
            insertBuffered();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        insertBuffered();
    }

    private void insertBuffered() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + sink.maxRetry().toNanos();
        long backoffMillis = 200;
        while (true) {
            try {
                if (tables == null) {
                    tables = CostTables.connect(sink.jdbcUrl(), jdbcProperties);
                }
                tables.insert(buffer);
                LOG.debug("Inserted {} cost rows", buffer.size());
                buffer.clear();
                return;
            } catch (SQLException e) {
                closeTables();
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            "Inserting "
                                    + buffer.size()
                                    + " cost rows into ClickHouse failed for "
                                    + sink.maxRetry()
                                    + "; the job restores from its last checkpoint",
                            e);
                }
                LOG.warn(
                        "Inserting {} cost rows failed, retrying in {} ms: {}",
                        buffer.size(),
                        backoffMillis,
                        e.getMessage());
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while retrying an insert", ie);
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            }
        }
    }

    private void closeTables() {
        if (tables != null) {
            try {
                tables.close();
            } catch (SQLException e) {
                LOG.debug("Closing the ClickHouse connection failed", e);
            }
            tables = null;
        }
    }

    @Override
    public void close() {
        closed = true; // unflushed rows are written again after the restore from the checkpoint
        closeTables();
    }
}
