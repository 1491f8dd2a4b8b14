package dev.plimsoll.queryapi.params;

import io.micronaut.serde.annotation.Serdeable;

/**
 * One rejected request parameter, as listed in a 400 problem's {@code invalidParams}.
 *
 * @param name the query or path parameter, e.g. {@code step}
 * @param reason a full sentence saying what is wrong and what would be accepted
 */
@Serdeable
public record InvalidParameter(String name, String reason) {}
