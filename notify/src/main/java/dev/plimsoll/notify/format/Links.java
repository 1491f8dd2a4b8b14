package dev.plimsoll.notify.format;

import dev.plimsoll.core.alert.event.AlertEvent;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a message points people: the alert in Plimsoll's API ({@code plimsoll.public-url} + {@code
 * /api/v1/alerts/{id}}) and, when {@code plimsoll.notify.dashboard-url} is set, a dashboard, with
 * {@code {service}}, {@code {rule}}, {@code {from}} and {@code {to}} (epoch ms, 15 minutes before
 * the start to the end or now) replaced.
 *
 * @param publicUrl Plimsoll's public base URL, or null (no alert link)
 * @param dashboardTemplate a dashboard URL template, or null (no dashboard link)
 */
public record Links(String publicUrl, String dashboardTemplate) {

    public static Links none() {
        return new Links(null, null);
    }

    /** The alert's URL, or null. */
    public String alert(AlertEvent e) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return null;
        }
        String base =
                publicUrl.endsWith("/")
                        ? publicUrl.substring(0, publicUrl.length() - 1)
                        : publicUrl;
        return base + "/api/v1/alerts/" + encode(e.alertId());
    }

    /** The dashboard URL for the alert, or null. */
    public String dashboard(AlertEvent e, Instant now) {
        if (dashboardTemplate == null || dashboardTemplate.isBlank()) {
            return null;
        }
        Instant from = e.startsAt().minus(Duration.ofMinutes(15));
        Instant to = e.endsAt() != null ? e.endsAt() : now;
        return dashboardTemplate
                .replace("{service}", encode(e.service() == null ? "" : e.service()))
                .replace("{rule}", encode(e.rule()))
                .replace("{from}", Long.toString(from.toEpochMilli()))
                .replace("{to}", Long.toString(to.toEpochMilli()));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
