package dev.plimsoll.streams.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class of the test classpath in its own JVM, so that a test can SIGKILL it like a real
 * crash. Its output goes to a log file (kept in {@code target/}) and can be watched for a line.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                            new BufferedReader(
                                                    new InputStreamReader(
                                                            process.getInputStream(),
                                                            StandardCharsets.UTF_8));
                                    Writer out =
                                            Files.newBufferedWriter(
                                                    log,
                                                    StandardOpenOption.CREATE,
                                                    StandardOpenOption.APPEND)) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    out.write(line);
                                    out.write('\n');
                                    out.flush();
                                    synchronized (lines) {
                                        lines.add(line);
                                        lines.notifyAll();
                                    }
                                }
                            } catch (IOException e) {
                                // the child died; its output ends here
                            }
                        },
                        "child-output-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} with the test classpath.
     *
     * @param systemProperties {@code -D} options, e.g. {@code plimsoll.sink.log=DEBUG}
     */
    public static ChildJvm start(
            String name, Class<?> main, List<String> systemProperties, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:+UseSerialGC");
        for (String p : systemProperties) {
            command.add("-D" + p);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        try {
            Path log = Path.of("target", "child-logs", name + ".log");
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start child JVM " + name, e);
        }
    }

    /** Waits until the child printed a line matching {@code line}; false on timeout or exit. */
    public boolean awaitLine(Predicate<String> line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (line.test(lines.get(seen))) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    return false;
                }
                try {
                    lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no flushing, like a machine losing power under the JVM. */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM (graceful: shutdown hooks run), then SIGKILL after 60 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(60))) {
                kill();
            }
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "child JVM " + name + " (pid " + process.pid() + ")";
    }
}
