package dev.plimsoll.infra.clickhouse.server;

import dev.plimsoll.infra.clickhouse.ChdbLibrary;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The local ClickHouse engine process: chDB behind ClickHouse's HTTP protocol on a loopback port.
 * Started by {@code LocalClickHouse}; can also be run by hand:
 *
 * <pre>
 * LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java -cp … \
 *     dev.plimsoll.infra.clickhouse.server.ClickHouseServerMain --data-dir=./data/clickhouse
 * </pre>
 *
 * <p>Options: {@code --data-dir=DIR} (required), {@code --port=N} (0 = free port, the default),
 * {@code --library=FILE} (default: the cached libchdb.so, fetched if missing), {@code
 * --exit-with-parent} (stop when the process that started us is gone), {@code --log-requests}.
 *
 * <p>Prints {@value #READY_PREFIX}{@code port=N} on stdout when it accepts requests. On SIGTERM,
 * SIGINT or the parent's death it stops accepting, lets requests in flight finish, closes the
 * engine and exits with status 0. If a statement still runs after the grace periods it exits with
 * status {@value #EXIT_ENGINE_BUSY} without closing the engine (inserts that completed are on disk;
 * the running statement is lost).
 */
public final class ClickHouseServerMain {

    public static final String READY_PREFIX = "PLIMSOLL-CLICKHOUSE READY ";
    static final int DRAIN_SECONDS = 15;
    static final int ENGINE_CLOSE_SECONDS = 15;
    static final int EXIT_ENGINE_BUSY = 3;
    static final String INSERT_DIR = "plimsoll-insert-staging";

    private ClickHouseServerMain() {}

    /** libc's {@code _exit}: ends the process without running exit handlers. */
    interface LibC extends com.sun.jna.Library {
        LibC INSTANCE = com.sun.jna.Native.load("c", LibC.class);

        void _exit(int status);
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        Path library = null;
        int port = 0;
        boolean exitWithParent = false;
        boolean logRequests = false;
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                dataDir = Path.of(arg.substring("--data-dir=".length()));
            } else if (arg.startsWith("--library=")) {
                library = Path.of(arg.substring("--library=".length()));
            } else if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.equals("--exit-with-parent")) {
                exitWithParent = true;
            } else if (arg.equals("--log-requests")) {
                logRequests = true;
            } else {
                System.err.println("unknown option: " + arg);
                System.exit(2);
            }
        }
        if (dataDir == null) {
            System.err.println("--data-dir=DIR is required");
            System.exit(2);
        }
        if (library == null) {
            library = ChdbLibrary.ensureAvailable();
        }
        PrintStream log = System.err;
        Files.createDirectories(dataDir);
        // INSERT data is staged here (see ClickHouseHttpServer); leftovers of a crash go.
        Path insertDir = dataDir.resolve(INSERT_DIR);
        deleteRecursively(insertDir);
        Files.createDirectories(insertDir);

        CountDownLatch stop = new CountDownLatch(1);
        String[] reason = {"?"};
        Runnable requestStop =
                () -> {
                    synchronized (reason) {
                        if (stop.getCount() > 0) {
                            stop.countDown();
                        }
                    }
                };
        installSignalHandler("TERM", reason, requestStop);
        installSignalHandler("INT", reason, requestStop);

        long started = System.nanoTime();
        ChdbEngine engine = ChdbEngine.open(library, dataDir);
        ClickHouseHttpServer server;
        try {
            server =
                    ClickHouseHttpServer.start(
                            engine, insertDir, "127.0.0.1", port, log, logRequests);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
        if (exitWithParent) {
            ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
            Thread watcher =
                    new Thread(
                            () -> {
                                try {
                                    while (parent != null && parent.isAlive()) {
                                        Thread.sleep(500);
                                    }
                                } catch (InterruptedException e) {
                                    return;
                                }
                                synchronized (reason) {
                                    if (stop.getCount() > 0) {
                                        reason[0] = "parent process gone";
                                    }
                                }
                                requestStop.run();
                            },
                            "parent-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        log.printf(
                "%s serving %s on http://127.0.0.1:%d (started in %d ms)%n",
                Instant.now(),
                dataDir.toAbsolutePath(),
                server.port(),
                (System.nanoTime() - started) / 1_000_000);
        System.out.println(
                READY_PREFIX + "port=" + server.port() + " pid=" + ProcessHandle.current().pid());
        System.out.flush();

        stop.await();
        log.println(Instant.now() + " stopping: " + reason[0]);
        server.stop(DRAIN_SECONDS);
        int status = 0;
        if (!engine.close(ENGINE_CLOSE_SECONDS, TimeUnit.SECONDS)) {
            log.println(
                    Instant.now()
                            + " a statement is still running after "
                            + (DRAIN_SECONDS + ENGINE_CLOSE_SECONDS)
                            + " s: exiting without closing the engine");
            status = EXIT_ENGINE_BUSY;
        }
        deleteRecursively(insertDir);
        log.println(Instant.now() + " stopped");
        System.out.flush();
        System.err.flush();
        // _exit, not exit/halt: the engine's C++ exit handlers crash while one of its statements
        // still runs, and nothing needs them once the connection is closed.
        try {
            LibC.INSTANCE._exit(status);
        } catch (LinkageError e) {
            Runtime.getRuntime().halt(status);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @SuppressWarnings("removal")
    private static void installSignalHandler(String name, String[] reason, Runnable stop) {
        // sun.misc.Signal (jdk.unsupported): the only way to exit 0 on SIGTERM after a clean stop.
        sun.misc.Signal.handle(
                new sun.misc.Signal(name),
                signal -> {
                    synchronized (reason) {
                        reason[0] = "SIG" + name;
                    }
                    stop.run();
                });
    }
}
