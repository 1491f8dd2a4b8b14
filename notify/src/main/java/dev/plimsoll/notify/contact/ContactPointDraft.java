package dev.plimsoll.notify.contact;

import java.util.List;

/**
 * A contact point as given (API body or YAML entry), before validation. Every field may be missing.
 *
 * @param name the name
 * @param type {@code slack}, {@code teams}, {@code discord}, {@code googlechat} or {@code webhook}
 * @param url the webhook URL
 * @param secret the Standard Webhooks secret ({@code webhook} only)
 * @param groupBy grouping labels (chat types)
 * @param groupWait e.g. {@code 30s}
 * @param groupInterval e.g. {@code 5m}
 * @param repeatInterval e.g. {@code 4h}
 * @param sendResolved whether resolutions are announced (default true)
 */
public record ContactPointDraft(
        String name,
        String type,
        String url,
        String secret,
        List<String> groupBy,
        String groupWait,
        String groupInterval,
        String repeatInterval,
        Boolean sendResolved) {}
