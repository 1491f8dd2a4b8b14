package dev.plimsoll.alerts.http;

import dev.plimsoll.core.alert.rule.RuleProblem;

import java.util.List;
import java.util.stream.Collectors;

/** 400 with every invalid field listed. */
public final class InvalidRequestException extends RuntimeException {

    private final transient List<InvalidParameter> problems;

    public InvalidRequestException(List<InvalidParameter> problems) {
        super(
                problems.stream()
                        .map(p -> p.name() + " " + p.reason())
                        .collect(Collectors.joining(" ")),
                null,
                false,
                false);
        this.problems = List.copyOf(problems);
    }

    public static InvalidRequestException of(List<RuleProblem> problems) {
        return new InvalidRequestException(
                problems.stream().map(p -> new InvalidParameter(p.name(), p.reason())).toList());
    }

    public static InvalidRequestException one(String name, String reason) {
        return new InvalidRequestException(List.of(new InvalidParameter(name, reason)));
    }

    public List<InvalidParameter> problems() {
        return problems;
    }
}
