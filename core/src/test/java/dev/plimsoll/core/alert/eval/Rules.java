package dev.plimsoll.core.alert.eval;

import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;

/** Rules for tests, written as users write them. */
final class Rules {

    private Rules() {}

    static Rule json(String json) {
        RuleParse p = RuleParser.parseJson(json);
        if (p instanceof RuleParse.Invalid invalid) {
            throw new AssertionError("test rule refused: " + invalid.problems());
        }
        return ((RuleParse.Parsed) p).rule();
    }
}
