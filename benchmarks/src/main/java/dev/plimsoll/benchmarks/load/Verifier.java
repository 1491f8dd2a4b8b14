package dev.plimsoll.benchmarks.load;

import dev.plimsoll.benchmarks.load.ExactnessCheck.Mismatch;
import dev.plimsoll.benchmarks.load.Expectations.Key;
import dev.plimsoll.benchmarks.load.Expectations.Tally;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads a block's figures back from the API and compares them with the expectations. */
final class Verifier {

    /** The check failed: the messages say where, with expected and observed figures. */
    static final class CheckFailedException extends Exception {
        private final List<String> problems;

        CheckFailedException(String summary, List<String> problems) {
            super(summary);
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    /**
     * The verified figures of a block.
     *
     * @param maxQuantileError per quantile field ({@code p50}, …), the largest relative error of a
     *     service's value against the exact lower quantile; empty when quantiles were not checked
     * @param relativeError the API's stated bound
     * @param queries API requests the verification made
     */
    record Verification(Map<String, Double> maxQuantileError, double relativeError, int queries) {}

    static final double[] QUANTILES = {0.5, 0.95, 0.99};

    private final PlimsollApi api;
    private final PrintStream out;
    private final Duration poll;
    private final Duration timeout;

    Verifier(PlimsollApi api, PrintStream out, Duration poll, Duration timeout) {
        this.api = api;
        this.out = out;
        this.poll = poll;
        this.timeout = timeout;
    }

    /**
     * Polls each service's count over the block until all equal what was sent, and returns the
     * {@link System#nanoTime()} at which the last one was seen complete. Services are polled one at
     * a time, the next only once the previous is complete, to keep the load of polling small.
     *
     * @throws CheckFailedException at once when a count exceeds what was sent (a double count), or
     *     when {@code timeout} passes first (a loss, or a stalled pipeline)
     */
    long awaitQueryable(Instant from, Instant to, Expectations expected)
            throws IOException, InterruptedException, CheckFailedException {
        List<Key> pending = new ArrayList<>(expected.services().keySet());
        Map<Key, Tally> seen = new TreeMap<>(java.util.Comparator.comparing(Key::toString));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + Duration.ofSeconds(5).toNanos();
        while (true) {
            while (!pending.isEmpty()) {
                Key key = pending.get(0);
                PlimsollApi.Series s = api.latency(key.service(), from, to);
                Tally got = new Tally(s.count(), s.errors());
                seen.put(key, got);
                List<Mismatch> m =
                        ExactnessCheck.compare(
                                Map.of(key, expected.services().get(key)),
                                Map.of(key, got),
                                expected::allowance);
                if (m.isEmpty()) {
                    pending.remove(0);
                    continue;
                }
                if (m.get(0).extra()) {
                    throw new CheckFailedException(
                            "more requests in the API than were sent",
                            List.of(m.get(0).describe()));
                }
                break;
            }
            long now = System.nanoTime();
            if (pending.isEmpty()) {
                return now;
            }
            if (now > deadline) {
                List<String> problems = new ArrayList<>();
                for (Key k : pending) {
                    problems.add(
                            new Mismatch(
                                            k,
                                            expected.services().get(k),
                                            seen.getOrDefault(k, Tally.ZERO),
                                            expected.allowance(k.service()))
                                    .describe());
                }
                problems.add(
                        "if the streams job's plimsoll.streams.grace is not --grace, the markers"
                                + " close too few minutes; late events wait for their corrections"
                                + " (plimsoll_streams_late_corrected_total on /prometheus)");
                throw new CheckFailedException(
                        "not every request was queryable within " + timeout, problems);
            }
            if (now >= nextReport) {
                nextReport = now + Duration.ofSeconds(5).toNanos();
                Key k = pending.get(0);
                out.printf(
                        Locale.ROOT,
                        "  waiting: %d of %d services complete; %s %,d of %,d requests%n",
                        expected.services().size() - pending.size(),
                        expected.services().size(),
                        k.service(),
                        seen.getOrDefault(k, Tally.ZERO).count(),
                        expected.services().get(k).count());
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /**
     * Compares every figure: per service (and its P50/P95/P99 with the exact lower quantiles when
     * no request was retried), per service and minute, per operation, per tenant and service.
     */
    Verification verify(Instant from, Instant to, Expectations expected)
            throws IOException, InterruptedException, CheckFailedException {
        List<String> problems = new ArrayList<>();
        Map<Key, Tally> services = new LinkedHashMap<>();
        Map<Key, Tally> minutes = new LinkedHashMap<>();
        Map<Key, Tally> operations = new LinkedHashMap<>();
        Map<Key, Tally> tenants = new LinkedHashMap<>();
        Map<String, Double> maxError = new LinkedHashMap<>();
        double relativeError = 0;
        int queries = 0;
        for (Key key : expected.services().keySet()) {
            String service = key.service();
            PlimsollApi.Series whole = api.latency(service, from, to);
            queries++;
            services.put(key, new Tally(whole.count(), whole.errors()));
            relativeError = whole.relativeError();
            if (expected.exact() && whole.points().size() == 1) {
                double[] sorted = expected.durations(service);
                for (double q : QUANTILES) {
                    String field = "p" + ExactnessCheck.percent(q);
                    Double value = whole.points().get(0).quantiles().get(field);
                    if (value == null) {
                        problems.add(service + ": the API gave no " + field);
                        continue;
                    }
                    maxError.merge(
                            field, ExactnessCheck.relativeError(q, sorted, value), Math::max);
                    ExactnessCheck.quantileProblem(service, q, sorted, value, whole.relativeError())
                            .ifPresent(problems::add);
                }
            }
            PlimsollApi.Series perMinute = api.latency(service, from, to, "step", "60s");
            queries++;
            for (PlimsollApi.Point p : perMinute.points()) {
                minutes.put(new Key(service, null, null, p.t()), new Tally(p.count(), p.errors()));
            }
        }
        for (Key key : expected.operations().keySet()) {
            PlimsollApi.Series s =
                    api.latency(key.service(), from, to, "operation", key.operation());
            queries++;
            operations.put(key, new Tally(s.count(), s.errors()));
        }
        for (Key key : expected.tenants().keySet()) {
            PlimsollApi.Series s = api.latency(key.service(), from, to, "tenant", key.tenant());
            queries++;
            tenants.put(key, new Tally(s.count(), s.errors()));
        }
        for (Mismatch m :
                concat(
                        ExactnessCheck.compare(expected.services(), services, expected::allowance),
                        ExactnessCheck.compare(expected.minutes(), minutes, expected::allowance),
                        ExactnessCheck.compare(
                                expected.operations(), operations, expected::allowance),
                        ExactnessCheck.compare(expected.tenants(), tenants, expected::allowance))) {
            problems.add(m.describe());
        }
        if (!problems.isEmpty()) {
            throw new CheckFailedException("the API's figures differ from what was sent", problems);
        }
        return new Verification(maxError, relativeError, queries);
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
