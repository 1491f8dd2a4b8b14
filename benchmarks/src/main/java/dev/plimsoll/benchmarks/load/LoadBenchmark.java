package dev.plimsoll.benchmarks.load;

import dev.plimsoll.benchmarks.load.Verifier.CheckFailedException;
import dev.plimsoll.benchmarks.load.Verifier.Verification;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.TelemetryTopics;
import dev.plimsoll.streams.StreamsSettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end load benchmark (a {@code main}, not JMH): against a running Plimsoll it sends a
 * seeded, realistic stream of request events over HTTP (the ingest path) and, in the same run, the
 * same events straight into Kafka (the peer), and for each path measures:
 *
 * <ol>
 *   <li>ingest throughput: acknowledged events per second, round-trip percentiles per request,
 *       rejections and failed attempts;
 *   <li>time to queryable: after the last acknowledgement, one marker event per partition moves
 *       stream time past the block's minutes, and the API is polled until its counts equal what was
 *       sent; also when the streams job had read everything (its consumer lag);
 *   <li>exactness: every count of the API — per service, minute, operation and tenant — must equal
 *       the events sent (no loss, no double count), and P50/P95/P99 must be within the API's stated
 *       relative error of the exact values. Any difference fails the run (exit code 1).
 * </ol>
 *
 * <p>Prints a compact table and writes it as Markdown. See {@code benchmarks/README.md}, "End to
 * end", for how to run it and the figures.
 */
@Command(
        name = "load-benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "End-to-end load benchmark against a running Plimsoll (./plimsoll up): ingest"
                    + " throughput over HTTP and straight into Kafka, time until the API answers"
                    + " exact counts."
        })
public final class LoadBenchmark implements Callable<Integer> {

    /** The two ways into Kafka, in report order. */
    enum PathKind {
        HTTP,
        KAFKA
    }

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080",
            description = "Plimsoll's HTTP base URL, ingest and API (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--kafka",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers Plimsoll uses (default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(
            names = "--api-key",
            defaultValue = "${env:PLIMSOLL_API_KEY}",
            description =
                    "Key with scopes ingest and read (env PLIMSOLL_API_KEY); none needed"
                            + " for ./plimsoll up's open development mode.")
    String apiKey;

    @Option(
            names = "--events",
            defaultValue = "200000",
            description = "Events per path, warm-up included (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(
            names = "--warmup-events",
            defaultValue = "-1",
            description = "Events sent first and not timed (default: 10 %% of --events).")
    int warmupEvents;

    @Option(
            names = "--batch-size",
            defaultValue = "1000",
            description = "Events per request / producer batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--concurrency",
            defaultValue = "4",
            description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--paths",
            defaultValue = "http,kafka",
            split = ",",
            description = "Paths to run, in order: http, kafka (default: ${DEFAULT-VALUE}).")
    List<PathKind> paths;

    @Option(
            names = "--services",
            defaultValue = "8",
            description = "Services, from the catalogue (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(
            names = "--users",
            defaultValue = "20000",
            description = "Distinct user ids (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--tenants",
            defaultValue = "0",
            description = "Tenants (0: events carry none; default: ${DEFAULT-VALUE}).")
    int tenants;

    @Option(
            names = "--minutes",
            defaultValue = "3",
            description = "One-minute windows each path's events span (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed of the events (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--grace",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description = "The streams job's plimsoll.streams.grace (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(
            names = "--late-fraction",
            defaultValue = "0",
            description =
                    "Share of each path's events dated back by --late-min … --late-max and sent"
                            + " among the others, so they reach the streams job after their minute"
                            + " was written: counted as corrections (default: ${DEFAULT-VALUE}).")
    double lateFraction;

    @Option(
            names = "--late-min",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "Least shift of a late event (default: ${DEFAULT-VALUE}).")
    Duration lateMin;

    @Option(
            names = "--late-max",
            defaultValue = "60m",
            converter = DurationConverter.class,
            description = "Largest shift of a late event (default: ${DEFAULT-VALUE}).")
    Duration lateMax;

    @Option(
            names = "--time-offset",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description =
                    "Place the run's minutes this long before now, e.g. 13d: a warm-up on a fresh"
                            + " Plimsoll that leaves the streams job's clock behind the next run's"
                            + " minutes (less than plimsoll.ingest.max-event-age; default:"
                            + " ${DEFAULT-VALUE}).")
    Duration timeOffset;

    @Option(
            names = "--idempotency-keys",
            defaultValue = "true",
            negatable = true,
            description =
                    "Send an Idempotency-Key with each HTTP batch, the same on its retries, as"
                            + " IngestClient does (default: ${DEFAULT-VALUE}).")
    boolean idempotencyKeys;

    @Option(
            names = "--topic",
            defaultValue = TelemetryTopics.REQUESTS,
            description = "Input topic of the streams job (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--output-topic",
            defaultValue = StreamsSettings.DEFAULT_OUTPUT_TOPIC,
            description = "The streams job's output topic (default: ${DEFAULT-VALUE}).")
    String outputTopic;

    @Option(
            names = "--streams-group",
            defaultValue = "plimsoll-service-minute",
            description =
                    "The streams job's application id, for its lag (default: ${DEFAULT-VALUE}).")
    String streamsGroup;

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Longest wait for exact counts per path (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--poll",
            defaultValue = "100ms",
            converter = DurationConverter.class,
            description = "Pause between API polls (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(
            names = "--report",
            defaultValue = "target/load-benchmark.md",
            description = "Markdown report file (default: ${DEFAULT-VALUE}).")
    Path report;

    private final PrintStream out = System.out;
    private PlimsollApi api;

    public static void main(String[] args) {
        System.exit(
                new CommandLine(new LoadBenchmark())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .execute(args));
    }

    /** One path's figures, or why it failed. */
    record PathResult(
            PathKind kind,
            String name,
            TimePlan.Block block,
            Instant from,
            long events,
            SendRun.Result send,
            OptionalLong lagAtLastAck,
            OptionalLong caughtUpNanos,
            OptionalLong rowsNanos,
            long queryableNanos,
            OptionalLong serverCpuNanos,
            long clientCpuNanos,
            Verification verification,
            Expectations expected,
            String failure) {}

    @Override
    public Integer call() throws Exception {
        if (events < 1 || batchSize < 1 || concurrency < 1 || minutes < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--events, --batch-size, --concurrency and --minutes must be >= 1");
        }
        if (lateFraction < 0 || lateFraction > 1 || lateMax.compareTo(lateMin) < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--late-fraction must be between 0 and 1, --late-max at least --late-min");
        }
        int warmup = warmupEvents < 0 ? events / 10 : Math.min(warmupEvents, events);
        int warmupBatches = (warmup + batchSize - 1) / batchSize;
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String loadBefore = loadAverage();
        api = new PlimsollApi(url, key());
        try {
            api.checkHealth();
        } catch (IOException e) {
            System.err.println(
                    "Cannot reach Plimsoll at "
                            + url
                            + ": "
                            + (e.getMessage() == null ? e.toString() : e.getMessage())
                            + " (is it running? ./plimsoll up prints its URL and Kafka bootstrap)");
            return 2;
        }
        EventGenerator generator = new EventGenerator(seed, services, users, tenants);
        List<PathResult> results = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int partitions;
        TimePlan plan;
        KafkaSide connected;
        try {
            connected = new KafkaSide(kafka, topic);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try (KafkaSide kafkaSide = connected) {
            partitions = kafkaSide.partitions();
            Optional<Instant> previous = kafkaSide.latestEventTime();
            plan =
                    TimePlan.plan(
                            Instant.now().minus(timeOffset),
                            paths.size(),
                            minutes,
                            grace,
                            previous);
            out.printf(
                    Locale.ROOT,
                    "Plimsoll load benchmark: %s, Kafka %s (%s, %d partitions), load average %s%n",
                    url,
                    kafka,
                    topic,
                    partitions,
                    loadBefore);
            if (TimePlan.late(plan.blocks().get(0), grace, previous)) {
                Duration ahead = plan.aheadOf(Instant.now().minus(timeOffset));
                out.printf(
                        Locale.ROOT,
                        "  note: earlier runs moved event time to %s, past this run's minutes: its"
                                + " events count as corrections, written when the job's clock"
                                + " passes the end of the minute they arrive in%s%n",
                        previous.orElseThrow(),
                        ahead.isNegative()
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        "; the markers that get it there lie up to %d s ahead of"
                                                + " the clock, so the run waits for the wall clock"
                                                + " (a fresh --data-dir avoids it)",
                                        ahead.toSeconds()));
            }
            Verifier verifier = new Verifier(api, out, poll, timeout);
            String run = Long.toString(started.getEpochSecond(), 36);
            for (int k = 0; k < paths.size(); k++) {
                TimePlan.Block block = plan.blocks().get(k);
                PathResult r =
                        runPath(
                                paths.get(k),
                                block,
                                generator.named("-" + run + (char) ('a' + k)),
                                kafkaSide,
                                verifier,
                                warmupBatches,
                                partitions);
                results.add(r);
                if (r.failure() != null) {
                    problems.add(r.name() + ": " + r.failure());
                    break;
                }
            }
            problems.addAll(recheck(verifier, results));
        }
        String loadAfter = loadAverage();
        String header = header(started, partitions, warmup, plan, loadBefore, loadAfter, generator);
        String text = render(results, false);
        out.println();
        out.println(header.replaceAll("(?m)^- ", "  "));
        out.println(text);
        Path file = report.toAbsolutePath();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, header + "\n" + render(results, true) + failures(problems));
        out.println("Markdown written to " + file);
        if (!problems.isEmpty()) {
            System.err.println();
            System.err.println("FAILED — the API's figures are not what was sent:");
            problems.forEach(p -> System.err.println("  " + p));
            return 1;
        }
        return 0;
    }

    private Optional<String> key() {
        return Optional.ofNullable(apiKey).filter(k -> !k.isBlank());
    }

    private PathResult runPath(
            PathKind kind,
            TimePlan.Block block,
            EventGenerator generator,
            KafkaSide kafkaSide,
            Verifier verifier,
            int warmupBatches,
            int partitions)
            throws Exception {
        List<RequestEvent> evs =
                LateEvents.shift(
                        generator.generate(block.startMicros(), minutes, events),
                        lateFraction,
                        lateMin,
                        lateMax,
                        seed);
        // late events lie before the block: verify from the first minute with an event
        Instant from = Instant.EPOCH.plus(LateEvents.firstMinuteMicros(evs), ChronoUnit.MICROS);
        if (from.isAfter(block.start())) {
            from = block.start();
        }
        // Computed before the clock starts; again after sending only if requests were rejected
        // or retried (then it depends on which).
        Expectations planned = Expectations.of(evs, new BitSet(), List.of());
        Batches batches = new Batches(evs, batchSize);
        long[] bytes = new long[batches.count()];
        BatchSender sender;
        if (kind == PathKind.HTTP) {
            byte[][] bodies = batches.ndjsonBodies();
            for (int b = 0; b < bodies.length; b++) {
                bytes[b] = bodies[b].length;
            }
            sender = new HttpIngestSender(url, key(), bodies, idempotencyKeys);
        } else {
            KafkaProduceSender kafkaSender = new KafkaProduceSender(kafka, topic, batches);
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = kafkaSender.bytes(b);
            }
            sender = kafkaSender;
        }
        out.printf(
                Locale.ROOT,
                "%n%s: %,d events of %s … %s%s in batches of %d, %d in flight; markers at %s;"
                        + " services %s …%n",
                sender.name(),
                evs.size(),
                block.start(),
                block.end(),
                lateFraction > 0
                        ? String.format(
                                Locale.ROOT,
                                " (%.0f %% dated back %s … %s, from %s)",
                                lateFraction * 100,
                                lateMin,
                                lateMax,
                                from)
                        : "",
                batchSize,
                concurrency,
                block.marker(),
                generator.serviceNames().get(0));
        try (LagSampler lag = new LagSampler(() -> kafkaSide.lag(streamsGroup), 500);
                RowWatcher rows =
                        new RowWatcher(
                                kafka,
                                outputTopic,
                                Set.copyOf(generator.serviceNames()),
                                from,
                                block.end());
                sender) {
            OptionalLong serverCpu0 = api.processCpuNanos();
            long clientCpu0 = clientCpuNanos();
            SendRun.Result send =
                    SendRun.run(sender, batches, bytes, concurrency, warmupBatches, out);
            out.printf(
                    Locale.ROOT,
                    "  %s: %,.0f events/s; request p50 %.1f ms, p99 %.1f ms; %d rejected, %d"
                            + " failed attempts%n",
                    sender.name(),
                    send.eventsPerSecond(),
                    send.latencyMicros().getValueAtPercentile(50) / 1000.0,
                    send.latencyMicros().getValueAtPercentile(99) / 1000.0,
                    send.rejected().cardinality(),
                    send.failedAttempts());
            kafkaSide.sendMarkers(Markers.events(partitions, block.markerMicros()));
            // retried HTTP batches with an Idempotency-Key count once: no allowance for them
            boolean idempotent = sender instanceof HttpIngestSender http && http.idempotent();
            List<int[]> retried = idempotent ? List.of() : send.retried();
            Expectations expected =
                    send.rejected().isEmpty() && retried.isEmpty()
                            ? planned
                            : Expectations.of(evs, send.rejected(), retried);
            out.printf(
                    Locale.ROOT,
                    "  markers sent; waiting until the API counts %,d requests%n",
                    expected.total());
            long queryable;
            OptionalLong serverCpu = OptionalLong.empty();
            long clientCpu = 0;
            Verification verification;
            try {
                queryable = verifier.awaitQueryable(from, block.end(), expected);
                serverCpu = minus(api.processCpuNanos(), serverCpu0);
                clientCpu = clientCpuNanos() - clientCpu0;
                out.printf(
                        Locale.ROOT,
                        "  queryable %.1f s after the last acknowledgement; verifying%n",
                        (queryable - send.lastAckNanos()) / 1e9);
                verification = verifier.verify(from, block.end(), expected);
            } catch (CheckFailedException e) {
                e.problems().forEach(p -> System.err.println("  " + p));
                return new PathResult(
                        kind,
                        sender.name(),
                        block,
                        from,
                        evs.size(),
                        send,
                        lag.lagAt(send.lastAckNanos()),
                        OptionalLong.empty(),
                        rows.lastRowNanos(),
                        0,
                        OptionalLong.empty(),
                        0,
                        null,
                        expected,
                        e.getMessage() + ": " + String.join("; ", e.problems()));
            }
            out.printf(
                    Locale.ROOT,
                    "  exact: %d API queries agree with the events sent%n",
                    verification.queries());
            return new PathResult(
                    kind,
                    sender.name(),
                    block,
                    from,
                    evs.size(),
                    send,
                    lag.lagAt(send.lastAckNanos()),
                    lag.caughtUpAfter(send.lastAckNanos()),
                    rows.lastRowNanos(),
                    queryable,
                    serverCpu,
                    clientCpu,
                    verification,
                    expected,
                    null);
        }
    }

    private static OptionalLong minus(OptionalLong after, OptionalLong before) {
        return after.isPresent() && before.isPresent()
                ? OptionalLong.of(after.getAsLong() - before.getAsLong())
                : OptionalLong.empty();
    }

    /** This process's CPU time (the load generator's own cost). */
    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** After every path: each block's totals once more, so a late double count shows. */
    private static List<String> recheck(Verifier verifier, List<PathResult> results)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (PathResult r : results) {
            if (r.failure() == null) {
                try {
                    verifier.verify(r.from(), r.block().end(), r.expected());
                } catch (CheckFailedException e) {
                    problems.add(r.name() + " (re-checked at the end): " + e.getMessage());
                    problems.addAll(e.problems());
                }
            }
        }
        return problems;
    }

    private String header(
            Instant started,
            int partitions,
            int warmup,
            TimePlan plan,
            String loadBefore,
            String loadAfter,
            EventGenerator generator) {
        StringBuilder h = new StringBuilder();
        h.append(
                String.format(
                        Locale.ROOT,
                        "- run %s, %s; %d cores; %s %s%n",
                        started,
                        url,
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.vm.name"),
                        System.getProperty("java.version")));
        h.append(
                String.format(
                        Locale.ROOT,
                        "- load average (1, 5, 15 min) %s before, %s after%n",
                        loadBefore,
                        loadAfter));
        h.append(
                String.format(
                        Locale.ROOT,
                        "- per path %,d events (%,d warm-up, not timed) over %d one-minute windows;"
                                + " %d services, %,d users, %s; seed %d%n",
                        events,
                        warmup,
                        minutes,
                        generator.serviceNames().size(),
                        users,
                        tenants == 0 ? "no tenants" : tenants + " tenants",
                        seed));
        h.append(
                String.format(
                        Locale.ROOT,
                        "- batches of %,d events, %d requests in flight; Kafka %s, %s with %d"
                                + " partitions; grace %s%n",
                        batchSize,
                        concurrency,
                        kafka,
                        topic,
                        partitions,
                        grace));
        List<String> blocks = new ArrayList<>();
        for (int k = 0; k < plan.blocks().size(); k++) {
            TimePlan.Block b = plan.blocks().get(k);
            blocks.add(
                    paths.get(k).name().toLowerCase(Locale.ROOT)
                            + " "
                            + b.start()
                            + " … "
                            + b.end()
                            + " (markers "
                            + b.marker()
                            + ")");
        }
        h.append("- event time: ").append(String.join("; ", blocks)).append('\n');
        if (lateFraction > 0) {
            h.append(
                    String.format(
                            Locale.ROOT,
                            "- late: %.0f %% of each path's events dated back %s … %s, sent among"
                                    + " the others (corrections)%n",
                            lateFraction * 100,
                            lateMin,
                            lateMax));
        }
        h.append(
                String.format(
                        Locale.ROOT,
                        "- services named <name>-%s<path letter>; HTTP batches %s an"
                                + " Idempotency-Key%n",
                        Long.toString(started.getEpochSecond(), 36),
                        idempotencyKeys ? "carry" : "without"));
        return h.toString();
    }

    static String render(List<PathResult> results, boolean markdown) {
        Table ingest =
                new Table(
                        "path",
                        "events timed>",
                        "requests>",
                        "events/s>",
                        "MB/s>",
                        "p50 ms>",
                        "p95 ms>",
                        "p99 ms>",
                        "max ms>",
                        "rejected>",
                        "retried (503 …)>");
        Table pipeline =
                new Table(
                        "path",
                        "events>",
                        "lag at last ack>",
                        "streams read all>",
                        "rows in Kafka>",
                        "queryable>",
                        "end to end events/s>",
                        "counts",
                        "max error P50 / P95 / P99");
        Table cpu =
                new Table(
                        "path",
                        "wall>",
                        "Plimsoll CPU>",
                        "Plimsoll µs/event>",
                        "load generator CPU>",
                        "generator µs/event>",
                        "cores busy>");
        for (PathResult r : results) {
            SendRun.Result s = r.send();
            if (r.failure() == null) {
                double wall = (r.queryableNanos() - s.firstSendNanos()) / 1e9;
                OptionalLong server = r.serverCpuNanos();
                cpu.row(
                        r.name(),
                        String.format(Locale.ROOT, "%.1f s", wall),
                        server.isPresent() ? seconds(server.getAsLong()) : "n/a",
                        server.isPresent()
                                ? String.format(
                                        Locale.ROOT, "%.1f", server.getAsLong() / 1e3 / r.events())
                                : "n/a",
                        seconds(r.clientCpuNanos()),
                        String.format(Locale.ROOT, "%.1f", r.clientCpuNanos() / 1e3 / r.events()),
                        String.format(
                                Locale.ROOT,
                                "%.2f",
                                (server.orElse(0) + r.clientCpuNanos()) / 1e9 / wall));
            }
            ingest.row(
                    r.name(),
                    String.format(Locale.ROOT, "%,d", s.measuredEvents()),
                    String.format(Locale.ROOT, "%,d", s.measuredRequests()),
                    String.format(Locale.ROOT, "%,.0f", s.eventsPerSecond()),
                    String.format(
                            Locale.ROOT,
                            "%.1f",
                            s.measuredBytes() / (s.measuredNanos() / 1e9) / 1e6),
                    millis(s, 50),
                    millis(s, 95),
                    millis(s, 99),
                    String.format(Locale.ROOT, "%.1f", s.latencyMicros().getMaxValue() / 1000.0),
                    String.valueOf(s.rejected().cardinality()),
                    String.valueOf(s.failedAttempts()));
            boolean ok = r.failure() == null;
            pipeline.row(
                    r.name(),
                    String.format(Locale.ROOT, "%,d", r.events()),
                    r.lagAtLastAck().isPresent()
                            ? String.format(Locale.ROOT, "%,d", r.lagAtLastAck().getAsLong())
                            : "n/a",
                    r.caughtUpNanos().isPresent()
                            ? seconds(r.caughtUpNanos().getAsLong() - s.lastAckNanos())
                            : "n/a",
                    r.rowsNanos().isPresent()
                            ? seconds(r.rowsNanos().getAsLong() - s.lastAckNanos())
                            : "n/a",
                    ok ? seconds(r.queryableNanos() - s.lastAckNanos()) : "—",
                    ok
                            ? String.format(
                                    Locale.ROOT,
                                    "%,.0f",
                                    r.events() / ((r.queryableNanos() - s.firstSendNanos()) / 1e9))
                            : "—",
                    ok ? (r.expected().exact() ? "exact" : "within retries") : "FAILED",
                    ok ? quantileErrors(r.verification()) : "—");
        }
        String ratio = "";
        Optional<PathResult> http =
                results.stream().filter(r -> r.kind() == PathKind.HTTP).findFirst();
        Optional<PathResult> peer =
                results.stream().filter(r -> r.kind() == PathKind.KAFKA).findFirst();
        if (http.isPresent() && peer.isPresent()) {
            ratio =
                    String.format(
                            Locale.ROOT,
                            "HTTP ingest: %.0f %% of the peer's events/s%n",
                            100
                                    * http.get().send().eventsPerSecond()
                                    / peer.get().send().eventsPerSecond());
        }
        String note =
                "lag: input records not yet committed by the streams job when the last request was"
                        + " acknowledged. Seconds after the last acknowledgement until: streams"
                        + " read all = its lag was 0 (sampled every 0.5 s); rows in Kafka = the"
                        + " block's last minute row was committed to the output topic; queryable ="
                        + " the API's counts were exact (polled every --poll). End to end: events ÷"
                        + " (first request → queryable)";
        String cpuNote =
                "Plimsoll CPU: process_cpu_time_ns_total of its /prometheus (the JVM with every"
                    + " role and, under ./plimsoll up, the Kafka broker; not the ClickHouse"
                    + " engine's process). Load generator: this process. Cores busy: both ÷ wall"
                    + " time.";
        if (markdown) {
            return "\nIngest (per request: one batch; latency = round trip until acknowledged)\n\n"
                    + ingest.markdown()
                    + "\n"
                    + ratio
                    + "\nPipeline: ingest → Kafka Streams → ClickHouse → API\n\n"
                    + pipeline.markdown()
                    + "\n"
                    + note
                    + "\n\nCPU from the first request until queryable\n\n"
                    + cpu.markdown()
                    + "\n"
                    + cpuNote
                    + "\n";
        }
        return "Ingest (per request: one batch; latency = round trip until acknowledged)\n"
                + ingest.text()
                + ratio
                + "\nPipeline: ingest → Kafka Streams → ClickHouse → API\n"
                + pipeline.text()
                + note
                + "\n\nCPU from the first request until queryable\n"
                + cpu.text()
                + cpuNote
                + "\n";
    }

    private static String failures(List<String> problems) {
        if (problems.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("\n**FAILED**\n\n");
        problems.forEach(p -> s.append("- ").append(p).append('\n'));
        return s.toString();
    }

    private static String millis(SendRun.Result s, double percentile) {
        return String.format(
                Locale.ROOT, "%.1f", s.latencyMicros().getValueAtPercentile(percentile) / 1000.0);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String quantileErrors(Verification v) {
        if (v.maxQuantileError().isEmpty()) {
            return "not checked";
        }
        List<String> parts = new ArrayList<>();
        v.maxQuantileError()
                .values()
                .forEach(e -> parts.add(String.format(Locale.ROOT, "%.2f %%", e * 100)));
        return String.join(" / ", parts)
                + String.format(Locale.ROOT, " (bound %.0f %%)", v.relativeError() * 100);
    }

    /** The 1, 5 and 15 minute load averages, from {@code /proc/loadavg} where there is one. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            double one =
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage();
            return one < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f (1 min)", one);
        }
    }

    /**
     * {@code 100ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 13d}, or ISO-8601 ({@code PT2M}).
     */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration: use 100ms, 30s, 2m, 1h, 13d or PT2M");
            }
        }
    }
}
