package dev.plimsoll.notify.contact;

import dev.plimsoll.notify.model.DurationText;
import dev.plimsoll.notify.ssrf.TargetGuard;
import dev.plimsoll.notify.ssrf.TargetRefusedException;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a {@link ContactPointDraft} and builds the {@link ContactPoint}, listing every problem by
 * field. The URL must be absolute http(s) with a host; plain http only to allow-listed hosts; the
 * host must pass the SSRF guard now (it is checked again at every send). A {@code webhook} without
 * a secret gets a new one (shown once, in the creation answer).
 */
public final class ContactPointValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final TargetGuard guard;
    private final Grouping defaults;

    public ContactPointValidator(TargetGuard guard, Grouping defaults) {
        this.guard = guard;
        this.defaults = defaults;
    }

    /** The outcome: a contact point, or the problems. */
    public sealed interface Result {
        record Valid(ContactPoint contactPoint, boolean secretGenerated) implements Result {}

        record Invalid(List<FieldProblem> problems) implements Result {}
    }

    /**
     * Validates {@code d}; {@code current} (for an update) supplies the URL and secret when the
     * draft leaves them out.
     */
    public Result validate(ContactPointDraft d, ContactPoint current, ContactPoint.Origin origin) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = d.name();
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (!NAME.matcher(name).matches()) {
            problems.add(
                    new FieldProblem(
                            "name",
                            "must be 1 to 64 letters, digits, '_' or '-', starting with a letter"
                                    + " or digit"));
        }
        ChannelType type = null;
        if (d.type() == null || d.type().isBlank()) {
            problems.add(new FieldProblem("type", "is required: one of " + ChannelType.validIds()));
        } else {
            try {
                type = ChannelType.of(d.type().trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("type", e.getMessage()));
            }
        }
        String url = d.url() != null ? d.url().trim() : current == null ? null : current.url();
        if (url == null || url.isEmpty()) {
            problems.add(new FieldProblem("url", "is required"));
        } else {
            String urlProblem = checkUrl(url, origin == ContactPoint.Origin.API);
            if (urlProblem != null) {
                problems.add(new FieldProblem("url", urlProblem));
            }
        }
        String secret = d.secret() != null ? d.secret().trim() : null;
        boolean generated = false;
        if (type == ChannelType.WEBHOOK) {
            if (secret == null) {
                if (current != null && current.secret() != null) {
                    secret = current.secret();
                } else {
                    secret = Secrets.newSecret();
                    generated = true;
                }
            } else {
                try {
                    Secrets.key(secret);
                } catch (IllegalArgumentException e) {
                    problems.add(new FieldProblem("secret", e.getMessage()));
                }
            }
        } else if (type != null && secret != null) {
            problems.add(
                    new FieldProblem(
                            "secret",
                            "is only used by webhook contact points (Standard Webhooks)"));
        }
        Grouping grouping = null;
        boolean groupingGiven =
                d.groupBy() != null
                        || d.groupWait() != null
                        || d.groupInterval() != null
                        || d.repeatInterval() != null;
        if (groupingGiven && type == ChannelType.WEBHOOK) {
            problems.add(
                    new FieldProblem(
                            "grouping",
                            "does not apply to webhook contact points: a webhook gets one message"
                                    + " per state change, its webhook-id the state change's id"));
        } else if (groupingGiven) {
            grouping = grouping(d, problems);
        }
        if (!problems.isEmpty()) {
            return new Result.Invalid(problems);
        }
        return new Result.Valid(
                new ContactPoint(
                        name,
                        type,
                        url,
                        type == ChannelType.WEBHOOK ? secret : null,
                        grouping,
                        d.sendResolved() == null || d.sendResolved(),
                        origin),
                generated);
    }

    private Grouping grouping(ContactPointDraft d, List<FieldProblem> problems) {
        List<String> groupBy = d.groupBy() == null ? defaults.groupBy() : d.groupBy();
        if (groupBy.contains(Grouping.EACH_ALERT) && groupBy.size() > 1) {
            problems.add(
                    new FieldProblem(
                            "grouping.groupBy", "'...' must be the only entry when it is used"));
        }
        for (String label : groupBy) {
            if (!label.equals(Grouping.EACH_ALERT)
                    && (label == null || !LABEL.matcher(label).matches())) {
                problems.add(
                        new FieldProblem(
                                "grouping.groupBy", "'" + label + "' is not a label name"));
            }
        }
        Duration wait =
                duration(d.groupWait(), defaults.groupWait(), "grouping.groupWait", problems);
        Duration interval =
                duration(
                        d.groupInterval(),
                        defaults.groupInterval(),
                        "grouping.groupInterval",
                        problems);
        Duration repeat =
                duration(
                        d.repeatInterval(),
                        defaults.repeatInterval(),
                        "grouping.repeatInterval",
                        problems);
        if (interval != null && interval.isZero()) {
            problems.add(new FieldProblem("grouping.groupInterval", "must be positive"));
        }
        if (repeat != null && interval != null && repeat.compareTo(interval) < 0) {
            problems.add(
                    new FieldProblem(
                            "grouping.repeatInterval", "must not be shorter than groupInterval"));
        }
        if (wait == null || interval == null || repeat == null) {
            return null;
        }
        return new Grouping(groupBy, wait, interval, repeat);
    }

    private static Duration duration(
            String text, Duration fallback, String field, List<FieldProblem> problems) {
        if (text == null) {
            return fallback;
        }
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field, e.getMessage()));
            return null;
        }
    }

    /** Why the URL is not usable, or null. Never repeats the URL (it carries a token). */
    private String checkUrl(String url, boolean mustResolve) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must be an http or https URL";
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            return "must name a host";
        }
        if (u.getUserInfo() != null) {
            return "must not carry user information";
        }
        try {
            guard.check(u.getHost());
        } catch (TargetRefusedException e) {
            return "is refused: " + e.getMessage();
        } catch (UnknownHostException e) {
            // Through the API the caller learns it now; a file is read at start, when a DNS
            // hiccup must not stop the process (the send records it, and retries).
            if (mustResolve) {
                return "is refused: " + u.getHost() + " does not resolve";
            }
            return null;
        }
        if (scheme.equals("http") && !allowListed(u.getHost())) {
            return "must use https (plain http is only allowed to hosts listed in"
                    + " plimsoll.notify.allow-hosts)";
        }
        return null;
    }

    private boolean allowListed(String host) {
        if (guard.allowList().allowsHost(host)) {
            return true;
        }
        try {
            return guard.check(host).stream().allMatch(guard.allowList()::allowsAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
