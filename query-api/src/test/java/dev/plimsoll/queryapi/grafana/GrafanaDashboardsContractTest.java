package dev.plimsoll.queryapi.grafana;

import dev.plimsoll.queryapi.support.CostRows;
import dev.plimsoll.queryapi.support.Http;
import dev.plimsoll.queryapi.support.SmallDataset;
import dev.plimsoll.queryapi.support.SmallDatasetServer;
import dev.plimsoll.queryapi.support.TestKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every query of the shipped Grafana dashboards ({@code infra/grafana/dashboards}: panel
 * targets and variable queries) against the running API, as the Infinity datasource would send it,
 * and checks that each returns a well-formed frame: 200 JSON, an array at the root selector, every
 * column present in every row with its declared type, the time field first.
 *
 * <p>Template variables get test values: the time range is two days of {@link SmallDataset}, {@code
 * $service} is {@code orders}, and {@code $step} takes every option of the interval variable. An
 * unknown variable fails the test, so new dashboard variables must be handled here.
 */
@MicronautTest
class GrafanaDashboardsContractTest extends SmallDatasetServer {

    /** The dataset's minutes and, for the cost panels, its cost rows. */
    @Override
    protected String clickHouseUrl() {
        String url = super.clickHouseUrl();
        CostRows.insert(url);
        return url;
    }

    private static final Path DASHBOARDS = Path.of("..", "infra", "grafana", "dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE =
            Pattern.compile(
                    "\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z]+(?::[A-Za-z]+)?))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static final String FROM = SmallDataset.at("00:00");
    private static final String TO = SmallDataset.at("+2 00:00");

    static Stream<Arguments> queries() throws IOException {
        List<Arguments> queries = new ArrayList<>();
        for (Path file : dashboardFiles()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            List<String> steps = stepOptions(dashboard);
            for (JsonNode variable : dashboard.at("/templating/list")) {
                if (variable.has("query") && variable.get("query").has("infinityQuery")) {
                    queries.add(
                            Arguments.of(
                                    file.getFileName()
                                            + " variable $"
                                            + variable.get("name").asText(),
                                    variable.get("query").get("infinityQuery"),
                                    "5m"));
                }
            }
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    for (String step : usesStep(target) ? steps : List.of("")) {
                        queries.add(
                                Arguments.of(
                                        file.getFileName()
                                                + " panel '"
                                                + panel.get("title").asText()
                                                + "' "
                                                + target.get("refId").asText()
                                                + (step.isEmpty() ? "" : " step " + step),
                                        target,
                                        step));
                    }
                }
            }
        }
        return queries.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void everyDashboardQueryReturnsAWellFormedFrame(String name, JsonNode target, String step) {
        assertThat(target.at("/datasource/uid").asText())
                .as("datasource of " + name)
                .isEqualTo("plimsoll");
        assertThat(target.get("type").asText()).isEqualTo("json");
        assertThat(target.get("source").asText()).isEqualTo("url");
        assertThat(target.get("parser").asText()).isEqualTo("backend");

        String url = resolve(target.get("url").asText(), step);
        // As provisioned: the datasource URL prefixes the query URL, the key goes in X-API-Key.
        Http.Reply reply =
                new Http(client).send(HttpRequest.GET(url).header("X-API-Key", TestKeys.READER));

        assertThat(reply.status()).as(url + " -> " + reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode rows = select(reply.json(), target.get("root_selector").asText());
        assertThat(rows.isArray()).as("root selector of " + url).isTrue();
        assertThat(rows).as("rows of " + url).isNotEmpty();
        JsonNode columns = target.get("columns");
        assertThat(columns).isNotEmpty();
        if (target.get("format").asText().equals("timeseries")) {
            assertThat(columns.get(0).get("type").asText()).isEqualTo("timestamp");
            assertThat(rows.get(0).fieldNames().next())
                    .isEqualTo(columns.get(0).get("selector").asText());
        }
        for (JsonNode row : rows) {
            for (JsonNode column : columns) {
                String selector = column.get("selector").asText();
                assertThat(row.has(selector)).as(selector + " in " + row).isTrue();
                JsonNode value = row.get(selector);
                switch (column.get("type").asText()) {
                    case "timestamp" -> Instant.parse(value.asText());
                    case "number" -> {
                        // Money is an exact decimal string; Infinity's backend parser reads a
                        // string into a number column with ParseFloat (gframer), so a decimal
                        // string is a number to the dashboard.
                        assertThat(value.isNumber() || value.isNull() || isDecimal(value))
                                .as(selector + " of " + row)
                                .isTrue();
                    }
                    case "string" ->
                            assertThat(value.isTextual()).as(selector + " of " + row).isTrue();
                    default -> fail("unexpected column type " + column.get("type") + " in " + name);
                }
            }
        }
    }

    @Test
    void dashboardsCoverLatencyThroughputErrorsConcurrencyUsersAndCost() throws IOException {
        Set<String> selectors = new HashSet<>();
        for (Path file : dashboardFiles()) {
            for (JsonNode panel : panels(JSON.readTree(file.toFile()))) {
                for (JsonNode target : panel.path("targets")) {
                    target.get("columns").forEach(c -> selectors.add(c.get("selector").asText()));
                }
            }
        }

        assertThat(selectors)
                .contains(
                        "p95",
                        "p99",
                        "requestsPerSecond",
                        "errorsPerSecond",
                        "errorRatio",
                        "peak",
                        "mean",
                        "activeUsers",
                        "costPerUser",
                        "costPerThousandRequests");
    }

    @Test
    void theDatasourceIsProvisionedWithTheUidTheDashboardsUse() throws IOException {
        String datasource =
                Files.readString(
                        Path.of(
                                "..",
                                "infra",
                                "grafana",
                                "provisioning",
                                "datasources",
                                "plimsoll.yaml"));

        assertThat(datasource)
                .contains("uid: plimsoll")
                .contains("type: yesoreyeram-infinity-datasource")
                .contains("httpHeaderName1: X-API-Key");
    }

    private static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(list)
                    .as("dashboards in " + DASHBOARDS.toAbsolutePath())
                    .hasSizeGreaterThanOrEqualTo(2);
            return list;
        }
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        collect(dashboard.path("panels"), all);
        return all;
    }

    private static void collect(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            into.add(panel);
            collect(panel.path("panels"), into);
        }
    }

    private static List<String> stepOptions(JsonNode dashboard) {
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.get("name").asText().equals("step")) {
                return List.of(variable.get("query").asText().split(","));
            }
        }
        return List.of();
    }

    private static boolean usesStep(JsonNode target) {
        return target.get("url").asText().contains("${step}");
    }

    private static String resolve(String url, String step) {
        Map<String, String> values = Map.of("service", "orders", "step", step);
        Matcher m = VARIABLE.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String format = m.group(2);
            String value;
            if (name.equals("__from") || name.equals("__to")) {
                assertThat(format).as("time format in " + url).isEqualTo("date:iso");
                value = name.equals("__from") ? FROM : TO;
            } else if (values.containsKey(name)) {
                value = values.get(name);
                if ("percentencode".equals(format)) {
                    value = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
                } else if (format != null) {
                    fail("unexpected variable format " + format + " in " + url);
                }
            } else {
                throw new AssertionError("unknown variable $" + name + " in " + url);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isDecimal(JsonNode value) {
        if (!value.isTextual()) {
            return false;
        }
        try {
            new java.math.BigDecimal(value.asText());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonNode select(JsonNode body, String rootSelector) {
        JsonNode node = body;
        for (String part : rootSelector.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }
}
