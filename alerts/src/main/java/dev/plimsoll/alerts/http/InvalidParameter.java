package dev.plimsoll.alerts.http;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One rejected field or parameter of a request, as listed in a 400 problem's {@code invalidParams}.
 *
 * @param name the field's path, e.g. {@code condition.above}, or the query parameter
 * @param reason a full sentence saying what is wrong and what would be accepted
 */
@Serdeable
public record InvalidParameter(String name, String reason) {}
