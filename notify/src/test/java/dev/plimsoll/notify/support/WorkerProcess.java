package dev.plimsoll.notify.support;

import io.micronaut.context.ApplicationContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The notify role in a JVM of its own, so that a test can kill it with SIGKILL (no shutdown hook,
 * no flush, no commit) and start it again on the same data directory.
 */
public final class WorkerProcess implements AutoCloseable {

    static final String READY = "NOTIFY-WORKER READY";

    private final Process process;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    /** Starts a worker with these Micronaut properties; returns once its context is up. */
    public static WorkerProcess start(Map<String, Object> properties, Path log) throws Exception {
        Path file = Files.createTempFile("notify-worker-", ".properties");
        Properties p = new Properties();
        properties.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerProcess.class.getName());
        cmd.add(file.toString());
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread pump =
                new Thread(
                        () -> {
                            try (Reader r =
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8);
                                    BufferedReader in = new BufferedReader(r)) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    Files.writeString(
                                            log,
                                            line + "\n",
                                            java.nio.file.StandardOpenOption.CREATE,
                                            java.nio.file.StandardOpenOption.APPEND);
                                    if (line.contains(READY)) {
                                        ready.countDown();
                                    }
                                }
                            } catch (IOException e) {
                                // the process is gone
                            }
                        },
                        "worker-output");
        pump.setDaemon(true);
        pump.start();
        if (!ready.await(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the worker did not start; see " + log);
        }
        return new WorkerProcess(process);
    }

    /** SIGKILL: the process ends at once, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The child's entry point: {@code WorkerProcess <properties file>}. */
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(r);
        }
        Map<String, Object> props = new LinkedHashMap<>();
        p.forEach((k, v) -> props.put(k.toString(), v));
        ApplicationContext.builder().properties(props).start();
        System.out.println(READY);
        Thread.currentThread().join();
    }
}
