package dev.plimsoll.read.clickhouse;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of {@code plimsoll.clickhouse.url} (a JDBC URL shared with the other modules) that the
 * HTTP client needs.
 *
 * <p>Accepted forms: {@code jdbc:clickhouse://host:port/db?opts}, {@code
 * jdbc:clickhouse:http://...}, {@code jdbc:clickhouse:https://...}, {@code jdbc:ch://...} and plain
 * {@code http(s)://host:port/db}. Options used: {@code user}, {@code password}, {@code compress}
 * and {@code ssl}.
 *
 * @param endpoint {@code http://host:port} or {@code https://host:port}
 * @param database the database, {@code default} when the URL names none
 * @param options the URL's query options
 */
public record ClickHouseUrl(String endpoint, String database, Map<String, String> options) {

    /**
     * Parses a ClickHouse JDBC or HTTP URL.
     *
     * @throws IllegalArgumentException naming the property when the URL is not usable
     */
    public static ClickHouseUrl parse(String url) {
        String rest = url.strip();
        String scheme = "http";
        if (rest.startsWith("jdbc:")) {
            rest = rest.substring("jdbc:".length());
            if (rest.startsWith("clickhouse:")) {
                rest = rest.substring("clickhouse:".length());
            } else if (rest.startsWith("ch:")) {
                rest = rest.substring("ch:".length());
            } else {
                throw invalid(url, "it is not a ClickHouse JDBC URL");
            }
        }
        if (rest.startsWith("https://")) {
            scheme = "https";
            rest = rest.substring("https:".length());
        } else if (rest.startsWith("http://")) {
            rest = rest.substring("http:".length());
        }
        if (!rest.startsWith("//")) {
            throw invalid(url, "expected //host:port/database after the scheme");
        }
        URI uri;
        try {
            uri = URI.create("http:" + rest);
        } catch (IllegalArgumentException e) {
            throw invalid(url, e.getMessage());
        }
        if (uri.getHost() == null) {
            throw invalid(url, "it names no host");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                options.put(key, value);
            }
        }
        if ("true".equalsIgnoreCase(options.get("ssl"))) {
            scheme = "https";
        }
        int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(scheme) ? 8443 : 8123);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        String database = path.isEmpty() ? "default" : path;
        return new ClickHouseUrl(
                scheme + "://" + uri.getHost() + ":" + port, database, Map.copyOf(options));
    }

    /** {@code host:port}, for logs and health details (no credentials). */
    public String hostAndPort() {
        return endpoint.substring(endpoint.indexOf("://") + 3);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String url, String why) {
        String shown =
                url.contains("password=") ? url.replaceAll("password=[^&]*", "password=***") : url;
        return new IllegalArgumentException(
                "plimsoll.clickhouse.url '" + shown + "' is not usable: " + why + ".");
    }
}
