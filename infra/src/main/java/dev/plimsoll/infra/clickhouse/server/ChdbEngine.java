package dev.plimsoll.infra.clickhouse.server;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ClickHouse engine of {@code libchdb.so}, bound with JNA.
 *
 * <p>chDB serves one storage path per process and runs one statement at a time on a connection, so
 * this class owns the process's only connection and serializes every engine call with a fair lock.
 * Use {@link #session()} to run several statements (USE, SET, the query, the reset) without another
 * client's statement in between.
 *
 * <p>Must only be loaded in a JVM started with {@code LD_PRELOAD=<java.home>/lib/libjsig.so}: the
 * engine installs signal handlers that otherwise break the JVM's own SIGSEGV handling (implicit
 * null checks), which kills the process on the first NullPointerException.
 */
public final class ChdbEngine implements AutoCloseable {

    /** The C API of libchdb (chdb.h). {@code size_t} is {@code long}: Linux x86-64 only. */
    public interface Api extends Library {
        Pointer chdb_connect(int argc, String[] argv);

        void chdb_close_conn(Pointer connection);

        Pointer chdb_query_n(
                Pointer conn, Pointer query, long queryLen, String format, long formatLen);

        Pointer chdb_query_with_params_n(
                Pointer conn,
                Pointer query,
                long queryLen,
                String format,
                long formatLen,
                Pointer[] names,
                long[] nameLens,
                Pointer[] values,
                long[] valueLens,
                long count);

        Pointer chdb_result_buffer(Pointer result);

        long chdb_result_length(Pointer result);

        String chdb_result_error(Pointer result);

        double chdb_result_elapsed(Pointer result);

        long chdb_result_rows_read(Pointer result);

        long chdb_result_bytes_read(Pointer result);

        long chdb_result_storage_rows_read(Pointer result);

        long chdb_result_storage_bytes_read(Pointer result);

        long chdb_result_rows_written(Pointer result);

        long chdb_result_bytes_written(Pointer result);

        void chdb_destroy_query_result(Pointer result);
    }

    private final Api api;
    private final Pointer connectionHandle; // chdb_connection*
    private final Pointer connection; // *connectionHandle
    private final ReentrantLock lock = new ReentrantLock(true);
    private boolean closed;

    private ChdbEngine(Api api, Pointer connectionHandle) {
        this.api = api;
        this.connectionHandle = connectionHandle;
        this.connection = connectionHandle.getPointer(0);
    }

    /**
     * Loads the library and connects to the data directory (created if missing).
     *
     * @throws IllegalStateException when the engine refuses the directory (for example, another
     *     process already serves it)
     */
    public static ChdbEngine open(Path library, Path dataDir) {
        Api api = Native.load(library.toAbsolutePath().toString(), Api.class);
        String[] argv = {"clickhouse", "--path=" + dataDir.toAbsolutePath()};
        Pointer handle = api.chdb_connect(argv.length, argv);
        if (handle == null || handle.getPointer(0) == null) {
            throw new IllegalStateException(
                    "chDB could not open the data directory "
                            + dataDir.toAbsolutePath()
                            + " (is another engine using it? see the messages above)");
        }
        return new ChdbEngine(api, handle);
    }

    /**
     * Exclusive use of the engine until the session is closed. Waits at most {@code timeout}.
     *
     * @throws IllegalStateException when the engine is closed
     */
    public Session session(long timeout, TimeUnit unit) throws InterruptedException {
        if (!lock.tryLock(timeout, unit)) {
            throw new EngineBusyException(
                    "the engine stayed busy for " + unit.toSeconds(timeout) + " s");
        }
        if (closed) {
            lock.unlock();
            throw new IllegalStateException("the engine is shut down");
        }
        return new Session();
    }

    /** Waits for the running statement, then closes the connection. */
    @Override
    public void close() {
        lock.lock();
        try {
            closeConnection();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeout} for the running statement, then closes the connection. Returns
     * false, leaving the connection open, when the statement did not finish in time.
     */
    public boolean close(long timeout, TimeUnit unit) throws InterruptedException {
        if (!lock.tryLock(timeout, unit)) {
            return false;
        }
        try {
            closeConnection();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void closeConnection() {
        if (!closed) {
            closed = true;
            api.chdb_close_conn(connectionHandle);
        }
    }

    /** Thrown when a session could not be obtained in time. */
    public static final class EngineBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EngineBusyException(String message) {
            super(message);
        }
    }

    /** A run of statements with exclusive use of the connection. Not thread-safe. */
    public final class Session implements AutoCloseable {
        private boolean open = true;

        private Session() {}

        /** Runs one statement given as text. */
        public Result query(String sql, String format) {
            byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
            Memory memory = new Memory(Math.max(1, bytes.length));
            memory.write(0, bytes, 0, bytes.length);
            return query(memory, bytes.length, format, Map.of());
        }

        /**
         * Runs the statement in {@code query[0, length)} (may hold binary inline data after an
         * INSERT's FORMAT clause), binding {@code params} server-side when not empty. Parameter
         * values are in ClickHouse's escaped text form, as in the HTTP {@code param_} arguments.
         */
        public Result query(Pointer query, long length, String format, Map<String, String> params) {
            if (!open) {
                throw new IllegalStateException("session closed");
            }
            Pointer result;
            if (params.isEmpty()) {
                result = api.chdb_query_n(connection, query, length, format, format.length());
            } else {
                int n = params.size();
                Pointer[] names = new Pointer[n];
                Pointer[] values = new Pointer[n];
                long[] nameLens = new long[n];
                long[] valueLens = new long[n];
                int i = 0;
                for (Map.Entry<String, String> e : params.entrySet()) {
                    byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                    byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                    names[i] = copy(name);
                    values[i] = copy(value);
                    nameLens[i] = name.length;
                    valueLens[i] = value.length;
                    i++;
                }
                result =
                        api.chdb_query_with_params_n(
                                connection,
                                query,
                                length,
                                format,
                                format.length(),
                                names,
                                nameLens,
                                values,
                                valueLens,
                                n);
            }
            if (result == null) {
                throw new IllegalStateException("chDB returned no result (out of memory?)");
            }
            return new Result(api, result);
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                lock.unlock();
            }
        }
    }

    private static Memory copy(byte[] bytes) {
        Memory memory = new Memory(Math.max(1, bytes.length));
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    /**
     * The materialized result of one statement, in native memory until {@link #close()}. Reading it
     * does not need the engine lock.
     */
    public static final class Result implements AutoCloseable {
        private final Api api;
        private Pointer handle;
        private final String error;

        Result(Api api, Pointer handle) {
            this.api = api;
            this.handle = handle;
            this.error = api.chdb_result_error(handle);
        }

        /** The engine's error message ("Code: 62. DB::Exception: ..."), or null on success. */
        public String error() {
            return error;
        }

        public long length() {
            return error != null ? 0 : api.chdb_result_length(handle);
        }

        public Stats stats() {
            return new Stats(
                    api.chdb_result_storage_rows_read(handle),
                    api.chdb_result_storage_bytes_read(handle),
                    api.chdb_result_rows_written(handle),
                    api.chdb_result_bytes_written(handle),
                    api.chdb_result_rows_read(handle),
                    api.chdb_result_bytes_read(handle),
                    (long) (api.chdb_result_elapsed(handle) * 1e9));
        }

        /** Copies the result bytes to {@code out} in chunks, without a full copy on the heap. */
        public void writeTo(OutputStream out) throws IOException {
            long length = length();
            if (length == 0) {
                return;
            }
            Pointer buffer = api.chdb_result_buffer(handle);
            byte[] chunk = new byte[(int) Math.min(length, 256 * 1024)];
            for (long offset = 0; offset < length; ) {
                int n = (int) Math.min(chunk.length, length - offset);
                buffer.read(offset, chunk, 0, n);
                out.write(chunk, 0, n);
                offset += n;
            }
        }

        /** The result as UTF-8 text (for small results). */
        public String text() {
            long length = length();
            if (length == 0) {
                return "";
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("result too large for a string: " + length);
            }
            byte[] bytes = api.chdb_result_buffer(handle).getByteArray(0, (int) length);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** Tab-separated text result as rows of fields (no unescaping; for simple values). */
        public List<String[]> rows() {
            return text().lines().map(l -> l.split("\t", -1)).toList();
        }

        @Override
        public void close() {
            if (handle != null) {
                api.chdb_destroy_query_result(handle);
                handle = null;
            }
        }
    }

    /** Execution statistics, reported in the X-ClickHouse-Summary header. */
    public record Stats(
            long readRows,
            long readBytes,
            long writtenRows,
            long writtenBytes,
            long resultRows,
            long resultBytes,
            long elapsedNanos) {}
}
