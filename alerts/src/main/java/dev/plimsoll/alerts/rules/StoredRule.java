package dev.plimsoll.alerts.rules;

import dev.plimsoll.core.alert.rule.Rule;

/**
 * A rule as the store holds it.
 *
 * @param rule the rule
 * @param source where it is defined: {@code api} (ClickHouse, managed through /api/v1/rules) or
 *     {@code file} (a rule file, read-only through the API)
 * @param file the file, for file rules; otherwise {@code null}
 * @param version the stored version (API rules), 0 for file rules
 */
public record StoredRule(Rule rule, String source, String file, long version) {

    public boolean fromFile() {
        return "file".equals(source);
    }
}
