package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.eval.RuleState;
import dev.plimsoll.core.alert.eval.RuleStateCodec;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleMappers;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;
import dev.plimsoll.core.alert.rule.RuleWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A value of the evaluator's state topic: the rule as it was evaluated (so that a deleted rule's
 * alerts can be resolved after a restart) and its {@link RuleState}. Key: the rule id.
 *
 * @param rule the rule evaluated (the built-in lag alert has none)
 * @param state its state
 */
record StateRecord(Rule rule, RuleState state) {

    byte[] encode() {
        ObjectNode o = RuleMappers.JSON.createObjectNode();
        o.put("v", 1);
        if (rule != null) {
            o.set("rule", RuleWriter.toTree(rule));
        }
        try {
            o.set("state", RuleMappers.JSON.readTree(RuleStateCodec.encode(state)));
        } catch (IOException e) {
            throw new IllegalStateException("a state just encoded does not parse", e);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static StateRecord decode(byte[] bytes) throws DecodingException {
        try {
            JsonNode o = RuleMappers.JSON.readTree(bytes);
            Rule rule = null;
            if (o.hasNonNull("rule")) {
                RuleParse p = RuleParser.parse(o.get("rule"), "rule");
                if (p instanceof RuleParse.Parsed parsed) {
                    rule = parsed.rule();
                }
            }
            RuleState state =
                    RuleStateCodec.decode(
                            o.get("state").toString().getBytes(StandardCharsets.UTF_8));
            return new StateRecord(rule, state);
        } catch (IOException | RuntimeException e) {
            throw new DecodingException(
                    "an evaluator state record could not be read: " + e.getMessage(), e);
        }
    }
}
