package dev.plimsoll.core.alert.rule;

import java.util.List;

/** The outcome of parsing a rule: the rule, or every problem found in it. */
public sealed interface RuleParse permits RuleParse.Parsed, RuleParse.Invalid {

    /** An accepted rule. */
    record Parsed(Rule rule) implements RuleParse {}

    /** A refused rule, with every problem (never empty). */
    record Invalid(List<RuleProblem> problems) implements RuleParse {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid rule needs at least one problem");
            }
        }
    }
}
