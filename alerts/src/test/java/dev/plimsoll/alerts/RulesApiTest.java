package dev.plimsoll.alerts;

import dev.plimsoll.alerts.support.Requests;
import dev.plimsoll.alerts.support.TestKeys;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.infra.testing.PlimsollServices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/rules} and {@code /api/v1/silences} over the real ClickHouse engine: the issue's
 * rule accepted as it stands, every bad field named, scopes, read-only file rules, and a backtest
 * over stored minutes with the transitions worked out by hand.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesApiTest implements TestPropertyProvider {

    static final String ISSUE_RULE =
            "{\"name\": \"checkout-p95\", \"metric\": \"latency.p95\", \"service\": \"checkout\","
                + " \"condition\": {\"type\": \"threshold\", \"above\": \"300ms\", \"for\": \"2m\","
                + " \"recoverBelow\": \"250ms\"}, \"minSamples\": 50, \"evaluateEvery\": \"30s\","
                + " \"notify\": [\"oncall\"], \"labels\": {\"team\": \"payments\"}}";

    /**
     * Minutes of the backtest data: 200 ms before T+10m, 400 ms from T+10m to T+20m, 200 ms after.
     * Recent (minute rows older than 14 days expire by TTL): two hours ago, on the hour.
     */
    static final Instant T =
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusSeconds(7200);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    @Client("/")
    HttpClient client;

    @Override
    public Map<String, String> getProperties() {
        String url = PlimsollServices.clickhouse().createDatabase("alerts_api");
        List<RequestEvent> events = new ArrayList<>();
        for (int m = 0; m < 30; m++) {
            events.addAll(
                    Requests.minute(
                            "checkout",
                            T.plusSeconds(60L * m),
                            100,
                            m >= 10 && m < 20 ? 400 : 200));
        }
        // all services together (rules on "*"): in hour T − 3h search and cart have the same seven
        // users (u0..u6; 14 by service, 7 distinct), in hour T − 2h search alone has them
        events.addAll(Requests.minute("search", T.minusSeconds(3 * 3600 - 600), 70, 50));
        events.addAll(Requests.minute("cart", T.minusSeconds(3 * 3600 - 1200), 70, 50));
        events.addAll(Requests.minute("search", T.minusSeconds(2 * 3600 - 600), 70, 50));
        MinuteRows.insert(url, events);
        insertCosts(url);
        Path dir;
        try {
            dir = Files.createTempDirectory("rules");
            Files.writeString(
                    dir.resolve("slo.yaml"),
                    "rules:\n  - name: file-rule\n    metric: errors.ratio\n    service: checkout\n"
                            + "    condition: {type: threshold, above: 5%}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "plimsoll.clickhouse.url",
                url,
                "plimsoll.security.keys",
                TestKeys.config(),
                "plimsoll.alerts.rules-dir",
                dir.toString(),
                "plimsoll.alerts.enabled",
                "false");
    }

    /**
     * Cost rows of checkout in USD, as the cost job writes them: 1.000000000000000001 an hour for
     * the three hours from T − 6h, then 3.500000000000000001 an hour for three hours (and a EUR row
     * that must never be added to them).
     */
    private static void insertCosts(String url) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                java.sql.Statement st = c.createStatement()) {
            StringBuilder values = new StringBuilder();
            for (int h = 0; h < 6; h++) {
                String total = h < 3 ? "1.000000000000000001" : "3.500000000000000001";
                long hour = T.getEpochSecond() - 6 * 3600 + h * 3600L;
                values.append(values.length() == 0 ? "" : ",")
                        .append("(toDateTime(")
                        .append(hour)
                        .append(", 'UTC'), 'checkout', 'USD', ")
                        .append(total)
                        .append(", 0, 0, ")
                        .append(total)
                        .append(", 10, 100, NULL, NULL, 'requests', true, 1, 0)");
            }
            // the cost job's rows of all services together (service ''), USD: every cost of the
            // hour, 7.000000000000000007 at T − 3h and 0.7 at T − 2h
            values.append(",(toDateTime(")
                    .append(T.getEpochSecond() - 3 * 3600)
                    .append(
                            ", 'UTC'), '', 'USD', 7.000000000000000007, 0, 0, 7.000000000000000007,"
                                    + " 7, 140, 1.000000000000000001, NULL, 'requests', true, 1,"
                                    + " 0)");
            values.append(",(toDateTime(")
                    .append(T.getEpochSecond() - 2 * 3600)
                    .append(
                            ", 'UTC'), '', 'USD', 0.7, 0, 0, 0.7, 7, 70, 0.1, NULL, 'requests',"
                                    + " true, 1, 0)");
            values.append(",(toDateTime(")
                    .append(T.getEpochSecond() - 6 * 3600)
                    .append(
                            ", 'UTC'), 'checkout', 'EUR', 99, 0, 0, 99, 10, 100, NULL, NULL,"
                                    + " 'requests', true, 1, 0)");
            st.execute(
                    "INSERT INTO cost_hour (hour, service, currency, direct, shared_allocated,"
                        + " unallocated, total, active_users, requests, cost_per_user,"
                        + " cost_per_thousand_requests, policy, final, version, is_deleted) VALUES "
                            + values);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    record Reply(int status, JsonNode body) {}

    private Reply send(MutableHttpRequest<?> request, String key) {
        if (key != null) {
            request.bearerAuth(key);
        }
        try {
            HttpResponse<String> r =
                    client.toBlocking()
                            .exchange(
                                    request.contentType(MediaType.APPLICATION_JSON), String.class);
            return new Reply(r.code(), r.body() == null ? null : JSON.readTree(r.body()));
        } catch (HttpClientResponseException e) {
            try {
                return new Reply(
                        e.getStatus().getCode(),
                        JSON.readTree(e.getResponse().getBody(String.class).orElse("null")));
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theIssuesRuleIsAcceptedAsItStandsAndReadBack() {
        Reply created = send(HttpRequest.POST("/api/v1/rules", ISSUE_RULE), TestKeys.ADMIN);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("id").asText()).isEqualTo("checkout-p95");
        assertThat(created.body().get("source").asText()).isEqualTo("api");
        assertThat(created.body().get("condition").toString())
                .isEqualTo(
                        "{\"type\":\"threshold\",\"above\":\"300ms\",\"recoverBelow\":\"250ms\",\"window\":\"5m\",\"for\":\"2m\"}");
        Reply read = send(HttpRequest.GET("/api/v1/rules/checkout-p95"), TestKeys.READER);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(created.body());
        assertThat(send(HttpRequest.POST("/api/v1/rules", ISSUE_RULE), TestKeys.ADMIN).status())
                .isEqualTo(409);

        Reply replaced =
                send(
                        HttpRequest.PUT(
                                "/api/v1/rules/checkout-p95", ISSUE_RULE.replace("300ms", "350ms")),
                        TestKeys.ADMIN);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(
                        send(HttpRequest.GET("/api/v1/rules/checkout-p95"), TestKeys.READER)
                                .body()
                                .get("condition")
                                .get("above")
                                .asText())
                .isEqualTo("350ms");
        assertThat(send(HttpRequest.DELETE("/api/v1/rules/checkout-p95"), TestKeys.ADMIN).status())
                .isEqualTo(204);
        assertThat(send(HttpRequest.GET("/api/v1/rules/checkout-p95"), TestKeys.READER).status())
                .isEqualTo(404);
    }

    @Test
    void everyBadFieldIsNamed() {
        Reply r =
                send(
                        HttpRequest.POST(
                                "/api/v1/rules",
                                "{\"name\":\"x y\",\"metric\":\"latency.p95\",\"service\":\"s\","
                                    + "\"condition\":{\"type\":\"threshold\",\"above\":\"fast\"},\"evaluateEvery\":\"soon\"}"),
                        TestKeys.ADMIN);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:invalid-parameters");
        assertThat(r.body().get("invalidParams").findValuesAsText("name"))
                .containsExactlyInAnyOrder("name", "condition.above", "evaluateEvery");
        Reply cost =
                send(
                        HttpRequest.POST(
                                "/api/v1/rules",
                                "{\"name\":\"c\",\"metric\":\"cost.total\",\"service\":\"s\","
                                    + "\"condition\":{\"type\":\"threshold\",\"above\":\"10.00\"}}"),
                        TestKeys.ADMIN);
        assertThat(cost.status()).isEqualTo(400);
        assertThat(cost.body().get("invalidParams").get(0).get("name").asText())
                .isEqualTo("currency");
    }

    @Test
    void changingNeedsScopeAdminAndATenantBoundKeyStaysInItsTenant() {
        assertThat(send(HttpRequest.POST("/api/v1/rules", ISSUE_RULE), TestKeys.READER).status())
                .isEqualTo(403);
        assertThat(send(HttpRequest.POST("/api/v1/rules", ISSUE_RULE), null).status())
                .isEqualTo(401);
        assertThat(send(HttpRequest.GET("/api/v1/rules"), null).status()).isEqualTo(401);
        Reply other =
                send(
                        HttpRequest.POST(
                                "/api/v1/rules", ISSUE_RULE.replace("checkout-p95", "acme-p95")),
                        TestKeys.ACME_ADMIN);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body().get("type").asText())
                .isEqualTo("urn:plimsoll:problem:tenant-forbidden");
        Reply own =
                send(
                        HttpRequest.POST(
                                "/api/v1/rules",
                                ISSUE_RULE
                                        .replace("checkout-p95", "acme-p95")
                                        .replace(
                                                "\"service\": \"checkout\"",
                                                "\"service\": \"checkout\", \"tenant\": \"acme\"")),
                        TestKeys.ACME_ADMIN);
        assertThat(own.status()).isEqualTo(201);
        assertThat(send(HttpRequest.DELETE("/api/v1/rules/acme-p95"), TestKeys.ADMIN).status())
                .isEqualTo(204);
    }

    @Test
    void fileRulesAreListedAndReadOnly() {
        Reply list = send(HttpRequest.GET("/api/v1/rules"), TestKeys.READER);
        JsonNode file = null;
        for (JsonNode r : list.body().get("rules")) {
            if (r.get("id").asText().equals("file-rule")) {
                file = r;
            }
        }
        assertThat(file).isNotNull();
        assertThat(file.get("source").asText()).isEqualTo("file");
        assertThat(file.get("file").asText()).isEqualTo("slo.yaml");

        Reply put =
                send(
                        HttpRequest.PUT(
                                "/api/v1/rules/file-rule",
                                "{\"name\":\"file-rule\",\"metric\":\"errors.ratio\","
                                    + "\"service\":\"checkout\",\"condition\":{\"type\":\"threshold\",\"above\":\"10%\"}}"),
                        TestKeys.ADMIN);
        assertThat(put.status()).isEqualTo(409);
        assertThat(put.body().get("detail").asText()).contains("slo.yaml", "read-only");
        assertThat(send(HttpRequest.DELETE("/api/v1/rules/file-rule"), TestKeys.ADMIN).status())
                .isEqualTo(409);
    }

    /**
     * Threshold 300 ms over 5 minutes, for 2m, every 1m, over T+1m … T+29m: the window at T+11m
     * (T+6…T+10) holds 400 × 200 ms and 100 × 400 ms → P95 (rank 474) = 400: pending; firing at
     * T+13m. From T+20m latency is 200 again; the window at T+25m (T+20…T+24) is all 200 → resolved
     * at T+25m (the windows at 21…24 still hold a 400 ms minute and its P95 is 400, see the step
     * scenario in core).
     */
    @Test
    void backtestReplaysTheRuleOverStoredMinutes() {
        String body =
                "{\"rule\":{\"name\":\"bt\",\"metric\":\"latency.p95\",\"service\":\"checkout\",\"minSamples\":50,"
                    + "\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"for\":\"2m\"}},"
                    + "\"from\":\""
                        + T.plusSeconds(60)
                        + "\",\"to\":\""
                        + T.plusSeconds(29 * 60)
                        + "\"}";

        Reply r = send(HttpRequest.POST("/api/v1/rules/backtest", body), TestKeys.READER);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("evaluations").asInt()).isEqualTo(29);
        List<String> transitions = new ArrayList<>();
        for (JsonNode t : r.body().get("transitions")) {
            transitions.add(t.get("at").asText() + " " + t.get("state").asText());
        }
        assertThat(transitions)
                .containsExactly(
                        T.plusSeconds(11 * 60) + " pending",
                        T.plusSeconds(13 * 60) + " firing",
                        T.plusSeconds(25 * 60) + " resolved");
        double p95 = Double.parseDouble(r.body().get("transitions").get(1).get("value").asText());
        assertThat(p95).isBetween(396.0, 404.0);
        assertThat(r.body().get("transitions").get(1).get("fingerprint").asText()).hasSize(16);
    }

    /**
     * cost.total above 2.5 USD over the last hour, every hour, from T − 5h to T: the evaluation at
     * T − 2h sees the hour T − 3h, the first at 3.500000000000000001 → firing, with that exact
     * value; the EUR row (99) of hour T − 6h never counts.
     */
    @Test
    void costRulesBacktestOnExactDecimalsInTheirCurrency() {
        String body =
                "{\"rule\":{\"name\":\"spend\",\"metric\":\"cost.total\",\"service\":\"checkout\","
                    + "\"currency\":\"USD\",\"evaluateEvery\":\"1h\",\"condition\":{\"type\":\"threshold\","
                    + "\"above\":\"2.5\",\"window\":\"60m\"}},\"from\":\""
                        + T.minusSeconds(5 * 3600)
                        + "\",\"to\":\""
                        + T
                        + "\"}";

        Reply r = send(HttpRequest.POST("/api/v1/rules/backtest", body), TestKeys.READER);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("transitions")).hasSize(1);
        JsonNode firing = r.body().get("transitions").get(0);
        assertThat(firing.get("at").asText()).isEqualTo(T.minusSeconds(2 * 3600).toString());
        assertThat(firing.get("state").asText()).isEqualTo("firing");
        assertThat(new java.math.BigDecimal(firing.get("value").asText()))
                .isEqualByComparingTo("3.500000000000000001");
    }

    /**
     * The infrastructure's cost per user ({@code service: "*"}) above 0.6 USD over the last hour:
     * at T − 2h the hour T − 3h costs 7.000000000000000007 over the 7 distinct users of all
     * services (search and cart share them; divided by their sum, 14, it would be below the line) →
     * 1.000000000000000001, firing; at T − 1h the hour T − 2h costs 0.7 over 7 users → 0.1,
     * resolved. The checkout rows of the same hours never count: they are not the all-services
     * rows.
     */
    @Test
    void aCostRuleOnAllServicesDividesEveryCostByTheDistinctUsersOfAllServices() {
        String body =
                "{\"rule\":{\"name\":\"infra-cpu\",\"metric\":\"cost.per_user\",\"service\":\"*\","
                    + "\"currency\":\"USD\",\"evaluateEvery\":\"1h\",\"condition\":{\"type\":\"threshold\","
                    + "\"above\":\"0.6\",\"window\":\"60m\"}},\"from\":\""
                        + T.minusSeconds(2 * 3600)
                        + "\",\"to\":\""
                        + T.minusSeconds(3600 - 1800)
                        + "\"}";

        Reply r = send(HttpRequest.POST("/api/v1/rules/backtest", body), TestKeys.READER);

        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        JsonNode transitions = r.body().get("transitions");
        assertThat(transitions).as(transitions.toString()).hasSize(2);
        assertThat(transitions.get(0).get("at").asText())
                .isEqualTo(T.minusSeconds(2 * 3600).toString());
        assertThat(transitions.get(0).get("state").asText()).isEqualTo("firing");
        assertThat(new java.math.BigDecimal(transitions.get(0).get("value").asText()))
                .isEqualByComparingTo("1.000000000000000001");
        assertThat(transitions.get(1).get("at").asText())
                .isEqualTo(T.minusSeconds(3600).toString());
        assertThat(transitions.get(1).get("state").asText()).isEqualTo("resolved");
        assertThat(new java.math.BigDecimal(transitions.get(1).get("value").asText()))
                .isEqualByComparingTo("0.1");
    }

    @Test
    void backtestNamesBadFieldsOfTheRuleAndTheRange() {
        Reply r =
                send(
                        HttpRequest.POST(
                                "/api/v1/rules/backtest",
                                "{\"rule\":{\"name\":\"bt\",\"metric\":\"latency.p95\","
                                    + "\"service\":\"checkout\",\"condition\":{\"type\":\"threshold\"}},\"from\":\"yesterday\"}"),
                        TestKeys.READER);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("invalidParams").findValuesAsText("name"))
                .contains("rule.condition.above", "from", "to");
    }

    @Test
    void silencesAreCreatedListedAndDeleted() {
        Reply created =
                send(
                        HttpRequest.POST(
                                "/api/v1/silences",
                                "{\"matchers\":[{\"name\":\"service\",\"value\":\"checkout\"}],"
                                    + "\"weekly\":{\"days\":[\"sat\"],\"start\":\"02:00\",\"end\":\"04:00\",\"timeZone\":\"Europe/Berlin\"},\"comment\":\"maintenance\"}"),
                        TestKeys.ADMIN);
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();

        Reply list = send(HttpRequest.GET("/api/v1/silences"), TestKeys.READER);
        assertThat(list.body().get("silences").findValuesAsText("id")).contains(id);
        Reply bad =
                send(
                        HttpRequest.POST("/api/v1/silences", "{\"matchers\":[],\"endsAt\":\"x\"}"),
                        TestKeys.ADMIN);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("invalidParams").findValuesAsText("name"))
                .containsExactlyInAnyOrder("matchers", "endsAt");
        assertThat(send(HttpRequest.DELETE("/api/v1/silences/" + id), TestKeys.READER).status())
                .isEqualTo(403);
        assertThat(send(HttpRequest.DELETE("/api/v1/silences/" + id), TestKeys.ADMIN).status())
                .isEqualTo(204);
        assertThat(send(HttpRequest.GET("/api/v1/silences/" + id), TestKeys.READER).status())
                .isEqualTo(404);
    }

    @Test
    void alertsRejectABadState() {
        Reply r = send(HttpRequest.GET("/api/v1/alerts?state=burning"), TestKeys.READER);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("invalidParams").get(0).get("name").asText()).isEqualTo("state");
        assertThat(
                        send(HttpRequest.GET("/api/v1/alerts"), TestKeys.READER)
                                .body()
                                .get("alerts")
                                .size())
                .isZero();
    }
}
