package dev.plimsoll.alerts.rules;

import dev.plimsoll.core.alert.rule.RuleMappers;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;
import dev.plimsoll.core.alert.rule.RuleProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the rule files of a directory: {@code *.yaml}, {@code *.yml} or {@code *.json}, each
 * holding one rule, a list under {@code rules:}, or several YAML documents. Same schema as the API.
 */
public final class RuleFiles {

    /** What a directory held: the rules, and every problem, each naming its file and field. */
    public record Loaded(List<StoredRule> rules, List<String> problems) {}

    private RuleFiles() {}

    public static Loaded load(Path dir) {
        List<StoredRule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (dir == null) {
            return new Loaded(rules, problems);
        }
        if (!Files.isDirectory(dir)) {
            problems.add(dir + ": plimsoll.alerts.rules-dir is not a directory");
            return new Loaded(rules, problems);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            problems.add(dir + ": cannot be listed: " + e.getMessage());
            return new Loaded(rules, problems);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            try (MappingIterator<JsonNode> docs =
                    RuleMappers.YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                int doc = 0;
                while (docs.hasNext()) {
                    JsonNode node = docs.next();
                    String docPath = doc == 0 ? "" : "document " + doc + ": ";
                    doc++;
                    if (node == null || node.isNull()) {
                        continue;
                    }
                    if (node.isObject() && node.has("rules") && node.size() == 1) {
                        JsonNode list = node.get("rules");
                        for (int i = 0; i < list.size(); i++) {
                            add(
                                    rules,
                                    problems,
                                    name,
                                    file,
                                    docPath,
                                    RuleParser.parse(list.get(i), "rules[" + i + "]"));
                        }
                    } else {
                        add(rules, problems, name, file, docPath, RuleParser.parse(node, ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                problems.add(name + ": is not valid YAML or JSON: " + e.getMessage());
            }
        }
        return new Loaded(rules, problems);
    }

    private static void add(
            List<StoredRule> rules,
            List<String> problems,
            String name,
            Path file,
            String doc,
            RuleParse parse) {
        if (parse instanceof RuleParse.Parsed p) {
            if (rules.stream().anyMatch(r -> r.rule().id().equals(p.rule().id()))) {
                problems.add(
                        name
                                + ": "
                                + doc
                                + "rule '"
                                + p.rule().id()
                                + "' is defined twice; the first definition is used");
                return;
            }
            rules.add(new StoredRule(p.rule(), "file", file.getFileName().toString(), 0));
        } else {
            for (RuleProblem pr : ((RuleParse.Invalid) parse).problems()) {
                problems.add(name + ": " + doc + pr.name() + " " + pr.reason());
            }
        }
    }
}
