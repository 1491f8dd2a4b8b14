package dev.plimsoll.infra.clickhouse;

import dev.plimsoll.infra.clickhouse.SqlLexer.Token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a SQL script into statements at top-level semicolons (not inside quotes/comments). */
final class SqlScript {

    /** One statement of a script, with the 1-based line it starts on. */
    record Statement(String sql, int line) {}

    private SqlScript() {}

    /**
     * The statements of {@code script}, in order, trimmed, without the separating semicolons.
     * Comment-only pieces are dropped; comments inside a statement are kept.
     */
    static List<Statement> split(String script) {
        byte[] text = script.getBytes(StandardCharsets.UTF_8);
        SqlLexer lexer = new SqlLexer(text, 0, text.length);
        List<Statement> statements = new ArrayList<>();
        int statementStart = -1; // first token of the current statement
        int statementEnd = -1;
        for (Token t = lexer.next(); t != null; t = lexer.next()) {
            if (lexer.isSymbol(t, ';')) {
                add(statements, text, statementStart, statementEnd);
                statementStart = -1;
            } else {
                if (statementStart < 0) {
                    statementStart = t.start();
                }
                statementEnd = t.end();
            }
        }
        add(statements, text, statementStart, statementEnd);
        return statements;
    }

    private static void add(List<Statement> out, byte[] text, int start, int end) {
        if (start < 0) {
            return;
        }
        int line = 1;
        for (int i = 0; i < start; i++) {
            if (text[i] == '\n') {
                line++;
            }
        }
        out.add(new Statement(new String(text, start, end - start, StandardCharsets.UTF_8), line));
    }
}
