package dev.plimsoll.infra.clickhouse.server;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ClickHouse error codes and messages as the HTTP interface reports them. */
final class ClickHouseErrors {

    static final int SYNTAX_ERROR = 62;
    static final int NOT_IMPLEMENTED = 48;
    static final int UNKNOWN_FORMAT = 73;
    static final int TIMEOUT_EXCEEDED = 159;
    static final int READONLY = 164;
    static final int ABORTED = 236;
    static final int STD_EXCEPTION = 1001;

    private static final Map<Integer, String> NAMES =
            Map.of(
                    SYNTAX_ERROR, "SYNTAX_ERROR",
                    NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
                    UNKNOWN_FORMAT, "UNKNOWN_FORMAT",
                    TIMEOUT_EXCEEDED, "TIMEOUT_EXCEEDED",
                    READONLY, "READONLY",
                    ABORTED, "ABORTED",
                    STD_EXCEPTION, "STD_EXCEPTION");

    /** HTTP statuses ClickHouse answers for these errors (by name); others get 500. */
    private static final Set<String> BAD_REQUEST =
            Set.of(
                    "SYNTAX_ERROR",
                    "CANNOT_PARSE_TEXT",
                    "CANNOT_PARSE_ESCAPE_SEQUENCE",
                    "CANNOT_PARSE_QUOTED_STRING",
                    "CANNOT_PARSE_DATE",
                    "CANNOT_PARSE_DATETIME",
                    "CANNOT_PARSE_NUMBER",
                    "CANNOT_PARSE_INPUT_ASSERTION_FAILED",
                    "CANNOT_PARSE_BOOL",
                    "CANNOT_PARSE_UUID",
                    "CANNOT_READ_ALL_DATA",
                    "INCORRECT_DATA",
                    "TYPE_MISMATCH",
                    "ILLEGAL_TYPE_OF_ARGUMENT",
                    "NUMBER_OF_ARGUMENTS_DOESNT_MATCH",
                    "BAD_QUERY_PARAMETER",
                    "UNKNOWN_QUERY_PARAMETER",
                    "VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE",
                    "NOT_IMPLEMENTED",
                    "EMPTY_QUERY");

    private static final Set<String> NOT_FOUND =
            Set.of(
                    "UNKNOWN_TABLE",
                    "UNKNOWN_DATABASE",
                    "UNKNOWN_FUNCTION",
                    "UNKNOWN_IDENTIFIER",
                    "UNKNOWN_TYPE",
                    "UNKNOWN_STORAGE",
                    "UNKNOWN_SETTING",
                    "UNKNOWN_FORMAT",
                    "UNKNOWN_AGGREGATE_FUNCTION",
                    "UNKNOWN_DATABASE_ENGINE",
                    "UNKNOWN_TYPE_OF_QUERY");

    private static final Set<String> FORBIDDEN = Set.of("READONLY", "ACCESS_DENIED");

    private static final Pattern CODE = Pattern.compile("^Code: (\\d+)\\. ");
    private static final Pattern NAME = Pattern.compile("\\(([A-Z][A-Z0-9_]+)\\)\\s*$");

    private ClickHouseErrors() {}

    /** An error of the engine or of the front, normalized to "Code: N. DB::Exception: …". */
    record Error(int code, String name, String message) {

        int httpStatus() {
            if (BAD_REQUEST.contains(name)) {
                return 400;
            }
            if (NOT_FOUND.contains(name)) {
                return 404;
            }
            if (FORBIDDEN.contains(name)) {
                return 403;
            }
            if (code == ABORTED) {
                return 503;
            }
            return 500;
        }

        /** The response body: what the JDBC driver looks for ("N. DB::Exception:"). */
        String body() {
            return message.endsWith("\n") ? message : message + "\n";
        }
    }

    /** Parses an engine error message ("Code: 62. DB::Exception: … (SYNTAX_ERROR)"). */
    static Error fromEngine(String message) {
        String trimmed = message.strip();
        Matcher code = CODE.matcher(trimmed);
        Matcher name = NAME.matcher(trimmed);
        String errorName = name.find() ? name.group(1) : "";
        if (code.find()) {
            return new Error(Integer.parseInt(code.group(1)), errorName, trimmed);
        }
        return of(STD_EXCEPTION, trimmed);
    }

    /** An error raised by the front itself. */
    static Error of(int code, String text) {
        String name = NAMES.getOrDefault(code, "");
        return new Error(
                code,
                name,
                "Code: "
                        + code
                        + ". DB::Exception: "
                        + text
                        + (name.isEmpty() ? "" : " (" + name + ")"));
    }
}
