package dev.plimsoll.infra.clickhouse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits ClickHouse JDBC URLs of the form {@code
 * jdbc:(clickhouse|ch)[:protocol]://host[:port][/database][?k=v&...][#tags]}.
 */
public final class JdbcUrls {

    private static final Pattern URL =
            Pattern.compile(
                    "(?<scheme>jdbc:(?:clickhouse|ch)(?::[A-Za-z]+)?://)"
                            + "(?<authority>[^/?#]+)"
                            + "(?:/(?<database>[^?#]*))?"
                            + "(?<query>\\?[^#]*)?"
                            + "(?<fragment>#.*)?");

    private JdbcUrls() {}

    /** The same URL pointing at {@code database}, keeping host, port, parameters and tags. */
    public static String withDatabase(String url, String database) {
        Matcher m = parse(url);
        return m.group("scheme")
                + m.group("authority")
                + "/"
                + database
                + orEmpty(m.group("query"))
                + orEmpty(m.group("fragment"));
    }

    /** The database named in the URL, or {@code "default"} when it names none. */
    public static String database(String url) {
        String database = parse(url).group("database");
        return database == null || database.isEmpty() ? "default" : database;
    }

    /** The URL with {@code name=value} added to its query parameters. */
    public static String withParameter(String url, String name, String value) {
        Matcher m = parse(url);
        String query = orEmpty(m.group("query"));
        String parameter =
                URLEncoder.encode(name, StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8);
        String newQuery =
                query.isEmpty()
                        ? "?" + parameter
                        : query.equals("?") ? query + parameter : query + "&" + parameter;
        String database = m.group("database");
        return m.group("scheme")
                + m.group("authority")
                + (database == null ? "" : "/" + database)
                + newQuery
                + orEmpty(m.group("fragment"));
    }

    /** The URL with the value of a {@code password} parameter replaced by {@code ***}, for logs. */
    public static String redacted(String url) {
        return url.replaceAll("([?&]password=)[^&#]*", "$1***");
    }

    private static Matcher parse(String url) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "Not a ClickHouse JDBC URL (jdbc:clickhouse://host:port/database): " + url);
        }
        return m;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
