package dev.plimsoll.infra.clickhouse.server;

import dev.plimsoll.infra.clickhouse.SqlLexer;
import dev.plimsoll.infra.clickhouse.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the HTTP front needs to know about a statement before handing it to the engine: its kind, a
 * FORMAT clause (output format of a query, input format of an INSERT), whether more than one
 * statement was sent, and which settings a SET statement changes. The engine parses the statement
 * itself; this only looks at tokens, and stops in front of an INSERT's inline data.
 */
record QueryAnalysis(
        String kind,
        String outputFormat,
        String inputFormat,
        boolean multiStatement,
        List<String> setSettings) {

    private static final Set<String> READ_ONLY_KINDS =
            Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN", "CHECK");

    boolean isInsert() {
        return kind.equals("INSERT");
    }

    boolean isSet() {
        return kind.equals("SET");
    }

    boolean isUse() {
        return kind.equals("USE");
    }

    boolean isReadOnly() {
        return READ_ONLY_KINDS.contains(kind);
    }

    static QueryAnalysis of(byte[] text, int from, int to) {
        SqlLexer lexer = new SqlLexer(text, from, to);
        Token first = lexer.next();
        while (lexer.isSymbol(first, '(')) {
            first = lexer.next();
        }
        if (first == null) {
            return new QueryAnalysis("", null, null, false, List.of());
        }
        String kind =
                first.kind() == SqlLexer.Kind.WORD
                        ? lexer.text(first).toUpperCase(Locale.ROOT)
                        : lexer.text(first);
        if (kind.equals("INSERT")) {
            return insert(lexer, kind);
        }
        int depth = 0;
        String outputFormat = null;
        String formatCandidate = null; // "FORMAT <name>": a clause only if the statement ends
        boolean multiStatement = false;
        List<String> settings = new ArrayList<>();
        Token previous = first;
        Token pendingSetting = null;
        boolean afterStatementEnd = false;
        for (Token t = lexer.next(); t != null; previous = t, t = lexer.next()) {
            if (afterStatementEnd) {
                if (!lexer.isSymbol(t, ';')) {
                    multiStatement = true;
                    break;
                }
                continue;
            }
            if (formatCandidate != null) {
                if (depth == 0 && (lexer.isSymbol(t, ';') || lexer.isWord(t, "SETTINGS"))) {
                    outputFormat = formatCandidate;
                }
                formatCandidate = null;
            }
            if (lexer.isSymbol(t, '(') || lexer.isSymbol(t, '[') || lexer.isSymbol(t, '{')) {
                depth++;
            } else if (lexer.isSymbol(t, ')') || lexer.isSymbol(t, ']') || lexer.isSymbol(t, '}')) {
                depth--;
            } else if (depth == 0 && lexer.isSymbol(t, ';')) {
                afterStatementEnd = true;
            } else if (depth == 0
                    && lexer.isWord(previous, "FORMAT")
                    && t.kind() == SqlLexer.Kind.WORD) {
                formatCandidate = lexer.text(t);
            }
            if (kind.equals("SET") && depth == 0) {
                if (t.kind() == SqlLexer.Kind.WORD
                        && (previous == first || lexer.isSymbol(previous, ','))) {
                    pendingSetting = t;
                } else if (pendingSetting != null && previous == pendingSetting) {
                    if (lexer.isSymbol(t, '=')) {
                        settings.add(lexer.text(pendingSetting));
                    }
                    pendingSetting = null;
                }
            }
        }
        if (formatCandidate != null) {
            outputFormat = formatCandidate;
        }
        return new QueryAnalysis(kind, outputFormat, null, multiStatement, List.copyOf(settings));
    }

    /** INSERT: find where the data starts (FORMAT name, VALUES) or INSERT … SELECT. */
    private static QueryAnalysis insert(SqlLexer lexer, String kind) {
        int depth = 0;
        Token previous = null;
        for (Token t = lexer.next(); t != null; previous = t, t = lexer.next()) {
            if (lexer.isSymbol(t, '(')) {
                depth++;
            } else if (lexer.isSymbol(t, ')')) {
                depth--;
            } else if (depth == 0) {
                if (lexer.isWord(previous, "FORMAT") && t.kind() == SqlLexer.Kind.WORD) {
                    return new QueryAnalysis(kind, null, lexer.text(t), false, List.of());
                }
                if (lexer.isWord(t, "VALUES")) {
                    return new QueryAnalysis(kind, null, "Values", false, List.of());
                }
                if (lexer.isWord(t, "SELECT") || lexer.isWord(t, "WITH")) {
                    return new QueryAnalysis(
                            kind, null, null, hasSecondStatement(lexer), List.of());
                }
            }
        }
        return new QueryAnalysis(kind, null, null, false, List.of());
    }

    private static boolean hasSecondStatement(SqlLexer lexer) {
        int depth = 0;
        boolean ended = false;
        for (Token t = lexer.next(); t != null; t = lexer.next()) {
            if (ended) {
                if (!lexer.isSymbol(t, ';')) {
                    return true;
                }
            } else if (lexer.isSymbol(t, '(')) {
                depth++;
            } else if (lexer.isSymbol(t, ')')) {
                depth--;
            } else if (depth == 0 && lexer.isSymbol(t, ';')) {
                ended = true;
            }
        }
        return false;
    }
}
