package dev.plimsoll.queryapi.params;

import java.util.List;
import java.util.stream.Collectors;

/** One or more request parameters are invalid: answered with 400 and every problem listed. */
public final class InvalidParametersException extends RuntimeException {

    private final transient List<InvalidParameter> problems;

    public InvalidParametersException(List<InvalidParameter> problems) {
        super(
                problems.stream()
                        .map(p -> p.name() + ": " + p.reason())
                        .collect(Collectors.joining(" ")),
                null,
                false,
                false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("at least one problem is required");
        }
        this.problems = List.copyOf(problems);
    }

    public List<InvalidParameter> problems() {
        return problems;
    }
}
