package dev.plimsoll.cost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A real Flink session cluster: a JobManager and a TaskManager, each its own JVM, started from
 * Flink's Maven artifacts (no distribution is available here) the way Flink's own scripts start
 * them (INFRA-NOTES, "Flink session cluster from Maven artifacts"). Jobs are submitted with Flink's
 * own command line client, {@code flink run}. Logs go to {@code target/flink-cluster/}.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JVM options Flink's default configuration gives every process on Java 17. */
    private static final List<String> JAVA17_OPENS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    private FlinkSessionCluster(Path dir, String classpath, int restPort) {
        this.dir = dir;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /**
     * Starts a JobManager and a TaskManager with {@code slots} slots and waits until the
     * TaskManager is registered.
     *
     * @param classpathFile the cluster's class path (Flink's artifacts), one line
     */
    public static FlinkSessionCluster start(Path classpathFile, int slots) throws Exception {
        Path dir =
                Path.of("target", "flink-cluster", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(dir.resolve("conf"));
        Files.createDirectories(dir.resolve("tmp"));
        String classpath =
                Files.readString(classpathFile).strip() + java.io.File.pathSeparator + logback();
        int rest = freePort();
        Files.writeString(
                dir.resolve("conf/config.yaml"),
                String.join(
                        "\n",
                        "jobmanager.rpc.address: 127.0.0.1",
                        "jobmanager.rpc.port: " + freePort(),
                        "jobmanager.bind-host: 127.0.0.1",
                        "jobmanager.memory.process.size: 768m",
                        "taskmanager.bind-host: 127.0.0.1",
                        "taskmanager.host: 127.0.0.1",
                        "taskmanager.memory.process.size: 1024m",
                        "taskmanager.memory.managed.size: 32m",
                        "taskmanager.numberOfTaskSlots: " + slots,
                        "taskmanager.cpu.cores: " + slots,
                        "parallelism.default: " + slots,
                        "rest.address: 127.0.0.1",
                        "rest.bind-address: 127.0.0.1",
                        "rest.port: " + rest,
                        "io.tmp.dirs: " + dir.resolve("tmp"),
                        "web.tmpdir: " + dir.resolve("tmp"),
                        ""));
        Files.writeString(
                dir.resolve("conf/logback.xml"),
                "<configuration><appender name=\"FILE\""
                    + " class=\"ch.qos.logback.core.FileAppender\"><file>${log.file}</file><encoder><pattern>%d{HH:mm:ss.SSS}"
                    + " %-5level [%thread] %logger{36} -"
                    + " %msg%n</pattern></encoder></appender><logger name=\"dev.plimsoll\""
                    + " level=\"INFO\"/><root level=\"INFO\"><appender-ref"
                    + " ref=\"FILE\"/></root></configuration>");
        FlinkSessionCluster cluster = new FlinkSessionCluster(dir, classpath, rest);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::destroy));
        try {
            cluster.launch(
                    "jobmanager",
                    List.of(),
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    List.of());
            List<String> tm = cluster.taskManagerParams();
            cluster.launch(
                    "taskmanager",
                    Arrays.asList(tm.get(0).trim().split("\\s+")),
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    Arrays.asList(tm.get(1).trim().split("\\s+")));
            cluster.awaitTaskManager(Duration.ofSeconds(120));
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private static String logback() {
        StringBuilder b = new StringBuilder();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("logback-classic") || entry.contains("logback-core")) {
                b.append(b.length() == 0 ? "" : java.io.File.pathSeparator).append(entry);
            }
        }
        return b.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void launch(String name, List<String> jvmOptions, String main, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(JAVA17_OPENS);
        command.add("-Dlog.file=" + dir.resolve(name + ".log"));
        command.add("-Dlogback.configurationFile=" + dir.resolve("conf/logback.xml"));
        command.add("-cp");
        command.add(classpath);
        command.add(main);
        command.add("--configDir");
        command.add(dir.resolve("conf").toString());
        command.addAll(args);
        processes.add(
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".out").toFile())
                        .start());
    }

    /** The TaskManager's JVM options and dynamic properties, as Flink's scripts compute them. */
    private List<String> taskManagerParams() throws Exception {
        Process p =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                "GET_TM_RESOURCE_PARAMS",
                                "--configDir",
                                dir.resolve("conf").toString())
                        .redirectErrorStream(true)
                        .start();
        List<String> results = new ArrayList<>();
        List<String> all = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                all.add(line);
                if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                    results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()));
                }
            }
        }
        p.waitFor(60, TimeUnit.SECONDS);
        if (results.size() != 2) {
            throw new IllegalStateException(
                    "BashJavaUtils did not compute the TaskManager's memory: " + all);
        }
        return results;
    }

    private void awaitTaskManager(Duration timeout) {
        await("the session cluster's TaskManager (logs in " + dir + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(
                        () -> {
                            for (Process p : processes) {
                                if (!p.isAlive()) {
                                    throw new IllegalStateException(
                                            "a Flink process exited with "
                                                    + p.exitValue()
                                                    + "; see "
                                                    + dir);
                                }
                            }
                            // a TaskManager is listed before its slot report arrives: wait for
                            // both (under load the overview showed 1 TaskManager with 0 slots)
                            JsonNode overview = get("/overview");
                            return overview.path("taskmanagers").asInt() >= 1
                                    && overview.path("slots-total").asInt() >= 1;
                        });
    }

    /** GET on the REST API. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Submits {@code jar} with {@code args} exactly as a user does, with Flink's command line
     * client in its own JVM: {@code flink run -d -p <parallelism> <jar> <args>} ({@code
     * CliFrontend}, reading this cluster's configuration from {@code FLINK_CONF_DIR}). The client
     * runs the jar's main class, which builds the job and submits it over REST.
     *
     * @return the job id the client printed
     */
    public String run(Path jar, List<String> args, int parallelism) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(JAVA17_OPENS);
        command.add("-Dlog.file=" + dir.resolve("client.log"));
        command.add("-Dlogback.configurationFile=" + dir.resolve("conf/logback.xml"));
        command.add("-cp");
        command.add(classpath);
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.add("run");
        command.add("-d");
        command.add("-p");
        command.add(Integer.toString(parallelism));
        command.add(jar.toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("FLINK_CONF_DIR", dir.resolve("conf").toString());
        Process client = pb.start();
        String output;
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            output = String.join("\n", in.lines().toList());
        }
        if (!client.waitFor(120, TimeUnit.SECONDS) || client.exitValue() != 0) {
            throw new IllegalStateException("flink run failed: " + output);
        }
        Matcher m = Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("flink run printed no job id: " + output);
        }
        return m.group(1);
    }

    /** The state of a job ({@code RUNNING}, {@code FAILED}, ...). */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Cancels a job. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        http.send(
                HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Where the processes' logs are. */
    public Path dir() {
        return dir;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    private void destroy() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    @Override
    public void close() {
        destroy();
    }
}
