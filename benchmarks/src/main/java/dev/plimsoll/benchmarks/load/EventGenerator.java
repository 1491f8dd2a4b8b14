package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, realistic stream of request events: a shop's services with their operations, each with
 * its own lognormal latency (median and spread), error rate and share of the traffic; users (10 %
 * anonymous), optionally spread over tenants; start times uniform over a span of whole minutes, in
 * time order (as agents flush them).
 *
 * <p>Deterministic: the same settings and seed give the same events; {@code generate(base, …)} with
 * another {@code base} gives the same events shifted by the difference. Immutable and thread-safe.
 */
public final class EventGenerator {

    /** An operation: lognormal latency {@code median · e^(sigma · N(0,1))}, ms. */
    record Operation(String name, double medianMs, double sigma, double errorRate, double weight) {}

    /** A service and its operations; {@code weight} is its share of the traffic. */
    record Service(String name, double weight, List<Operation> operations) {}

    /** Services in order of traffic; {@code --services k} takes the first k. */
    static final List<Service> CATALOGUE =
            List.of(
                    service(
                            "catalog",
                            25,
                            op("GET /products/{id}", 8, 0.4, 0.001, 6),
                            op("GET /products", 30, 0.6, 0.002, 3)),
                    service(
                            "search",
                            20,
                            op("GET /search", 45, 0.9, 0.005, 5),
                            op("GET /search/suggest", 6, 0.5, 0.001, 4)),
                    service(
                            "orders",
                            15,
                            op("GET /orders/{id}", 12, 0.5, 0.002, 5),
                            op("GET /orders", 35, 0.6, 0.003, 2),
                            op("POST /orders", 60, 0.7, 0.005, 2)),
                    service(
                            "checkout",
                            10,
                            op("GET /cart", 15, 0.5, 0.002, 3),
                            op("POST /checkout", 120, 0.6, 0.01, 1)),
                    service(
                            "accounts",
                            10,
                            op("GET /users/{id}", 10, 0.5, 0.001, 4),
                            op("POST /login", 90, 0.5, 0.008, 1)),
                    service(
                            "inventory",
                            10,
                            op("GET /inventory/{sku}", 5, 0.4, 0.001, 4),
                            op("PUT /inventory/{sku}", 20, 0.6, 0.004, 1)),
                    service(
                            "payments",
                            5,
                            op("POST /payments/authorize", 250, 0.8, 0.015, 2),
                            op("POST /payments/capture", 180, 0.7, 0.01, 1)),
                    service("notifications", 5, op("POST /notifications", 30, 1.0, 0.02, 1)));

    private static final int[] ERROR_STATUSES = {500, 502, 503, 504};
    private static final int[] CLIENT_STATUSES = {400, 401, 404, 409};
    private static final double CLIENT_ERROR_RATE = 0.02;
    private static final double ANONYMOUS_RATE = 0.10;

    private final long seed;
    private final List<Service> services;
    private final double[] serviceCumulative;
    private final double[][] operationCumulative;
    private final String[] userIds;
    private final String[] tenants;

    /**
     * @param seed the random seed
     * @param services how many services of the catalogue (1 or more; beyond the catalogue's 8,
     *     {@code service-09} … with one operation each are added)
     * @param users distinct user ids ({@code user-000001} …), 1 or more
     * @param tenants 0 for events without a tenant; otherwise users belong to {@code tenant-01} …
     *     round robin and anonymous requests to a random tenant
     */
    public EventGenerator(long seed, int services, int users, int tenants) {
        if (services < 1 || users < 1 || tenants < 0) {
            throw new IllegalArgumentException(
                    "services and users must be >= 1 and tenants >= 0, but were "
                            + services
                            + ", "
                            + users
                            + ", "
                            + tenants);
        }
        this.seed = seed;
        List<Service> chosen = new ArrayList<>(CATALOGUE.subList(0, Math.min(services, 8)));
        for (int i = chosen.size() + 1; i <= services; i++) {
            chosen.add(
                    service(
                            String.format("service-%02d", i),
                            2,
                            op("GET /items/{id}", 20, 0.7, 0.005, 1)));
        }
        this.services = List.copyOf(chosen);
        this.serviceCumulative =
                cumulative(this.services.stream().mapToDouble(Service::weight).toArray());
        this.operationCumulative = new double[this.services.size()][];
        for (int s = 0; s < this.services.size(); s++) {
            operationCumulative[s] =
                    cumulative(
                            this.services.get(s).operations().stream()
                                    .mapToDouble(Operation::weight)
                                    .toArray());
        }
        this.userIds = new String[users];
        for (int u = 0; u < users; u++) {
            userIds[u] = String.format("user-%06d", u + 1);
        }
        this.tenants = new String[tenants];
        for (int t = 0; t < tenants; t++) {
            this.tenants[t] = String.format("tenant-%02d", t + 1);
        }
    }

    private EventGenerator(EventGenerator source, List<Service> services) {
        this.seed = source.seed;
        this.services = services;
        this.serviceCumulative = source.serviceCumulative;
        this.operationCumulative = source.operationCumulative;
        this.userIds = source.userIds;
        this.tenants = source.tenants;
    }

    /**
     * The same generator with every service named {@code <name><suffix>}: the same events under
     * other service names, so that runs (and paths) of the load benchmark never count each other's
     * events, whatever minutes they use.
     */
    public EventGenerator named(String suffix) {
        return new EventGenerator(
                this,
                services.stream()
                        .map(s -> new Service(s.name() + suffix, s.weight(), s.operations()))
                        .toList());
    }

    /** The services' names, in catalogue order. */
    public List<String> serviceNames() {
        return services.stream().map(Service::name).toList();
    }

    /** Whether events carry a tenant. */
    public boolean hasTenants() {
        return tenants.length > 0;
    }

    /**
     * {@code count} events starting in {@code [baseMicros, baseMicros + minutes · 60 s)}, in order
     * of start time.
     */
    public List<RequestEvent> generate(long baseMicros, int minutes, int count) {
        if (minutes < 1 || count < 0) {
            throw new IllegalArgumentException(
                    "minutes must be >= 1 and count >= 0, but were " + minutes + ", " + count);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long spanMicros = minutes * 60_000_000L;
        long[] offsets = new long[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = random.nextLong(spanMicros);
        }
        Arrays.sort(offsets);
        List<RequestEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int s = pick(serviceCumulative, random.nextDouble());
            Service service = services.get(s);
            Operation op =
                    service.operations().get(pick(operationCumulative[s], random.nextDouble()));
            double duration = op.medianMs() * Math.exp(op.sigma() * random.nextGaussian());
            duration = Math.max(0.001, Math.round(duration * 1000.0) / 1000.0); // µs precision
            boolean error = random.nextDouble() < op.errorRate();
            int status;
            if (error) {
                status = ERROR_STATUSES[random.nextInt(ERROR_STATUSES.length)];
            } else if (random.nextDouble() < CLIENT_ERROR_RATE) {
                status = CLIENT_STATUSES[random.nextInt(CLIENT_STATUSES.length)];
            } else {
                status = op.name().startsWith("POST") ? 201 : 200;
            }
            String user = null;
            String tenant = null;
            if (random.nextDouble() >= ANONYMOUS_RATE) {
                int u = random.nextInt(userIds.length);
                user = userIds[u];
                tenant = tenants.length == 0 ? null : tenants[u % tenants.length];
            } else if (tenants.length > 0) {
                tenant = tenants[random.nextInt(tenants.length)];
            }
            events.add(
                    new RequestEvent(
                            service.name(),
                            op.name(),
                            baseMicros + offsets[i],
                            duration,
                            status,
                            error,
                            user,
                            tenant));
        }
        return events;
    }

    private static int pick(double[] cumulative, double u) {
        int i = Arrays.binarySearch(cumulative, u);
        int index = i >= 0 ? i + 1 : -i - 1;
        return Math.min(index, cumulative.length - 1);
    }

    private static double[] cumulative(double[] weights) {
        double total = Arrays.stream(weights).sum();
        double[] c = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            c[i] = sum / total;
        }
        return c;
    }

    private static Service service(String name, double weight, Operation... operations) {
        return new Service(name, weight, List.of(operations));
    }

    private static Operation op(
            String name, double medianMs, double sigma, double errorRate, double weight) {
        return new Operation(name, medianMs, sigma, errorRate, weight);
    }
}
