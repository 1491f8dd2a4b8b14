package dev.plimsoll.notify.contact;

/**
 * One invalid field of a contact point.
 *
 * @param name the field, e.g. {@code url} or {@code grouping.groupWait}
 * @param reason what is wrong, as a sentence fragment (never contains the URL or the secret)
 */
public record FieldProblem(String name, String reason) {}
