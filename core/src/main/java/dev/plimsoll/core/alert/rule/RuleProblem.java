package dev.plimsoll.core.alert.rule;

import java.util.Objects;

/**
 * One reason a rule (or silence) was refused: the field, as a path such as {@code condition.above}
 * or {@code condition.conditions[1].metric}, and a full sentence saying what is wrong and what
 * would be accepted.
 *
 * @param name the field's path
 * @param reason the reason
 */
public record RuleProblem(String name, String reason) {

    public RuleProblem {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
