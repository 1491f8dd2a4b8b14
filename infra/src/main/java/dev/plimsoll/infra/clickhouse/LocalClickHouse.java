package dev.plimsoll.infra.clickhouse;

import dev.plimsoll.infra.clickhouse.server.ClickHouseServerMain;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real ClickHouse engine (chDB) in a child process of ours, serving ClickHouse's HTTP protocol
 * on a loopback port, so that the official JDBC driver talks to it unchanged.
 *
 * <p>The engine runs in its own JVM because libchdb's signal handlers break the JVM's (see
 * INFRA-NOTES); that JVM is started with {@code LD_PRELOAD=<java.home>/lib/libjsig.so}. Data lives
 * in {@code dataDir}; the child's output goes to {@value #LOG_FILE} there. The child stops by
 * itself when this JVM dies (it watches its parent), so no engine is left behind.
 *
 * <p>Thread-safe. {@link #close()} is graceful (requests in flight finish, committed data is on
 * disk); {@link #kill()} is SIGKILL, for crash tests.
 */
public final class LocalClickHouse implements AutoCloseable {

    /** The child's stdout and stderr, appended, in the data directory. */
    public static final String LOG_FILE = "plimsoll-clickhouse.log";

    static final String CHILD_MAX_HEAP = "-Xmx768m";
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 45;
    private static final long LOG_ROTATE_BYTES = 16L * 1024 * 1024;
    private static final Pattern READY =
            Pattern.compile(Pattern.quote(ClickHouseServerMain.READY_PREFIX) + "port=(\\d+)");

    private final Process process;
    private final Path dataDir;
    private final int port;

    private LocalClickHouse(Process process, Path dataDir, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** Starts an engine on {@code dataDir} on a free loopback port; ready on return. */
    public static LocalClickHouse start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts an engine on {@code dataDir} on {@code port} (0 = a free port); ready on return.
     *
     * @throws IllegalStateException when the engine does not come up, with its last log lines
     */
    public static LocalClickHouse start(Path dataDir, int port) {
        Path library = ChdbLibrary.ensureAvailable();
        Path dir = dataDir.toAbsolutePath().normalize();
        Path log = dir.resolve(LOG_FILE);
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(log) && Files.size(log) > LOG_ROTATE_BYTES) {
                Files.move(
                        log,
                        dir.resolve(LOG_FILE + ".1"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            long logOffset = Files.isRegularFile(log) ? Files.size(log) : 0;
            Path javaHome = Path.of(System.getProperty("java.home"));
            List<String> command = new ArrayList<>();
            command.add(javaHome.resolve("bin").resolve("java").toString());
            command.add(CHILD_MAX_HEAP);
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-Xss1m");
            command.add("-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"));
            command.add("-cp");
            command.add(absoluteClassPath());
            command.add(ClickHouseServerMain.class.getName());
            command.add("--data-dir=" + dir);
            command.add("--port=" + port);
            command.add("--library=" + library.toAbsolutePath());
            command.add("--exit-with-parent");
            if (Boolean.getBoolean("plimsoll.clickhouse.log-requests")) {
                command.add("--log-requests");
            }
            ProcessBuilder builder =
                    new ProcessBuilder(command)
                            .directory(dir.toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Path jsig = javaHome.resolve("lib").resolve("libjsig.so");
            if (!Files.isRegularFile(jsig)) {
                throw new IllegalStateException(
                        "The JDK at "
                                + javaHome
                                + " has no lib/libjsig.so, which the ClickHouse"
                                + " engine process needs (signal chaining)");
            }
            builder.environment().put("LD_PRELOAD", jsig.toString());
            builder.environment().put("TZ", "UTC");
            Process process = builder.start();
            int actualPort = awaitReady(process, log, logOffset);
            return new LocalClickHouse(process, dir, actualPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the local ClickHouse engine: " + e, e);
        }
    }

    /** Our class path with absolute entries: the child runs in the data directory. */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static int awaitReady(Process process, Path log, long offset) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (true) {
            String output = readFrom(log, offset);
            Matcher m = READY.matcher(output);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The local ClickHouse engine exited with status "
                                + process.exitValue()
                                + " before it was ready. Last lines of "
                                + log
                                + ":\n"
                                + ChdbLibrary.tail(readFrom(log, offset), 40));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "The local ClickHouse engine was not ready within "
                                + START_TIMEOUT_SECONDS
                                + " s. Last lines of "
                                + log
                                + ":\n"
                                + ChdbLibrary.tail(readFrom(log, offset), 40));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting ClickHouse", e);
            }
        }
    }

    private static String readFrom(Path file, long offset) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
            raf.seek(Math.max(offset, length - bytes.length));
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** {@code jdbc:clickhouse://127.0.0.1:<port>/default?compress=false}. */
    public String jdbcUrl() {
        return jdbcUrl("default");
    }

    /** The JDBC URL of {@code database} on this engine (response compression off). */
    public String jdbcUrl(String database) {
        return "jdbc:clickhouse://127.0.0.1:" + port + "/" + database + "?compress=false";
    }

    public int httpPort() {
        return port;
    }

    /** The data directory (also holds {@value #LOG_FILE}). */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the engine process is running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops gracefully (SIGTERM: requests in flight finish, the engine closes, committed data is on
     * disk); forces it after {@value #STOP_TIMEOUT_SECONDS} s. Idempotent.
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println(
                        "the local ClickHouse engine did not stop within "
                                + STOP_TIMEOUT_SECONDS
                                + " s; killing it (see "
                                + dataDir.resolve(LOG_FILE)
                                + ")");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, no clean shutdown: for crash tests. Returns when the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exit status once the process has ended. */
    int exitValue() {
        return process.exitValue();
    }

    @Override
    public String toString() {
        return "LocalClickHouse[port=" + port + ", dataDir=" + dataDir + "]";
    }
}
