package dev.plimsoll.notify.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Contact points from a YAML file ({@code plimsoll.notify.contact-points-file}), read-only through
 * the API. {@code ${NAME}} in a value is replaced by the environment variable {@code NAME}, so that
 * webhook URLs and secrets need not sit in the file:
 *
 * <pre>{@code
 * contactPoints:
 *   - name: oncall
 *     type: slack
 *     url: ${SLACK_ONCALL_WEBHOOK}
 *     grouping: {groupBy: [rule, service], groupWait: 30s, groupInterval: 5m, repeatInterval: 4h}
 *   - name: audit
 *     type: webhook
 *     url: https://hooks.example.com/plimsoll
 *     secret: ${AUDIT_WEBHOOK_SECRET}
 * }</pre>
 */
public final class ContactPointFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ContactPointFile() {}

    /**
     * Loads and validates the file.
     *
     * @throws IllegalArgumentException naming the file, the entry and each problem (never a URL or
     *     secret), or an unset variable
     */
    public static Map<String, ContactPoint> load(
            Path file, ContactPointValidator validator, Function<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "contact points file " + file + " cannot be read: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("contactPoints");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(
                    "contact points file " + file + " must have a list 'contactPoints'");
        }
        Map<String, ContactPoint> out = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode e : list) {
            String where = file + " entry " + index++;
            ContactPointDraft d =
                    new ContactPointDraft(
                            text(e, "name", env, where),
                            text(e, "type", env, where),
                            text(e, "url", env, where),
                            text(e, "secret", env, where),
                            strings(e.path("grouping").get("groupBy")),
                            text(e.path("grouping"), "groupWait", env, where),
                            text(e.path("grouping"), "groupInterval", env, where),
                            text(e.path("grouping"), "repeatInterval", env, where),
                            e.has("sendResolved") ? e.get("sendResolved").asBoolean() : null);
            ContactPointValidator.Result r = validator.validate(d, null, ContactPoint.Origin.FILE);
            if (r instanceof ContactPointValidator.Result.Invalid invalid) {
                throw new IllegalArgumentException(
                        "contact points file "
                                + where
                                + " ("
                                + d.name()
                                + ") is invalid: "
                                + invalid.problems().stream()
                                        .map(p -> p.name() + " " + p.reason())
                                        .reduce((a, b) -> a + "; " + b)
                                        .orElse(""));
            }
            ContactPoint cp = ((ContactPointValidator.Result.Valid) r).contactPoint();
            // a secret the validator generated would change on every start: the file must give it
            if (cp.type() == ChannelType.WEBHOOK && d.secret() == null) {
                throw new IllegalArgumentException(
                        "contact points file " + where + " (" + d.name() + ") needs a secret");
            }
            if (out.put(cp.name(), cp) != null) {
                throw new IllegalArgumentException(
                        "contact points file " + file + " defines '" + cp.name() + "' twice");
            }
        }
        return out;
    }

    private static String text(
            JsonNode o, String name, Function<String, String> env, String where) {
        JsonNode n = o == null ? null : o.get(name);
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        String v = n.asText();
        Matcher m = VARIABLE.matcher(v);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        where + ": environment variable " + m.group(1) + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
