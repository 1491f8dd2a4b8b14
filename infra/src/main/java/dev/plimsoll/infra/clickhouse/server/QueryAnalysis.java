package dev.plimsoll.infra.clickhouse.server;

import dev.plimsoll.infra.clickhouse.SqlLexer;
import dev.plimsoll.infra.clickhouse.SqlLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the HTTP front needs to know about a statement before handing it to the engine: its kind, a
 * FORMAT clause (output format of a query), whether more than one statement was sent, which
 * settings a SET statement changes, and for an INSERT with inline data where that data starts. The
 * engine parses the statement itself; this only looks at tokens and stops in front of an INSERT's
 * data, which may be binary.
 *
 * @param kind the first keyword, upper case ("" for an empty text)
 * @param outputFormat the FORMAT clause of a query, or null
 * @param multiStatement whether another statement follows a ';'
 * @param setSettings for SET, the settings it assigns
 * @param insertData for an INSERT with inline data, where it is; else null
 * @param syncDrop for {@code DROP … SYNC} or {@code DROP … NO DELAY}, where that clause is ({start,
 *     end}); else null
 * @param mentionsSyncDropSetting whether the text names the setting that makes every DROP
 *     synchronous
 */
record QueryAnalysis(
        String kind,
        String outputFormat,
        boolean multiStatement,
        List<String> setSettings,
        InsertData insertData,
        int[] syncDrop,
        boolean mentionsSyncDropSetting) {

    /** Makes DROP wait like DROP … SYNC; chDB never returns from such a drop. */
    static final String SYNC_DROP_SETTING =
            "database_atomic_wait_for_drop_and_detach_synchronously";

    QueryAnalysis(
            String kind,
            String outputFormat,
            boolean multiStatement,
            List<String> setSettings,
            InsertData insertData) {
        this(kind, outputFormat, multiStatement, setSettings, insertData, null, false);
    }

    /**
     * Positions in the analyzed text of an INSERT with inline data ({@code FORMAT <name>} or {@code
     * VALUES}).
     *
     * @param format the input format ("Values" for VALUES)
     * @param clauseStart where the FORMAT or VALUES keyword starts
     * @param settingsStart where a SETTINGS clause before it starts, or -1
     * @param dataStart where the data starts (ClickHouse's rule: after the format name, skip spaces
     *     and tabs, then one line break)
     */
    record InsertData(String format, int clauseStart, int settingsStart, int dataStart) {}

    /** Words after which a final SYNC is a name ("DROP TABLE sync"), not the clause. */
    private static final List<String> DROP_OBJECT_WORDS =
            List.of(
                    "TABLE",
                    "TABLES",
                    "DATABASE",
                    "VIEW",
                    "DICTIONARY",
                    "EXISTS",
                    "TEMPORARY",
                    "FUNCTION",
                    "USER",
                    "ROLE",
                    "POLICY",
                    "PROFILE",
                    "QUOTA",
                    "COLLECTION");

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

    /**
     * Analyzes {@code text[from, to)}. When {@code complete} is false the text is only the head of
     * a longer request: an INSERT's data position is then reported only if the format name is
     * followed by at least one more byte of the head (it could otherwise be cut short).
     */
    static QueryAnalysis of(byte[] text, int from, int to, boolean complete) {
        SqlLexer lexer = new SqlLexer(text, from, to);
        Token first = lexer.next();
        while (lexer.isSymbol(first, '(')) {
            first = lexer.next();
        }
        if (first == null) {
            return new QueryAnalysis("", null, false, List.of(), null);
        }
        String kind =
                first.kind() == SqlLexer.Kind.WORD
                        ? lexer.text(first).toUpperCase(Locale.ROOT)
                        : lexer.text(first);
        if (kind.equals("INSERT")) {
            return insert(lexer, text, to, complete);
        }
        int depth = 0;
        String outputFormat = null;
        String formatCandidate = null; // "FORMAT <name>": a clause only if the statement ends
        boolean multiStatement = false;
        List<String> settings = new ArrayList<>();
        Token previous = first;
        Token beforePrevious = null;
        Token last = null; // the last two tokens of the statement, for DROP … SYNC
        Token beforeLast = null;
        Token pendingSetting = null;
        boolean afterStatementEnd = false;
        boolean mentionsSyncDropSetting = false;
        for (Token t = lexer.next();
                t != null;
                beforePrevious = previous, previous = t, t = lexer.next()) {
            if (lexer.isWord(t, SYNC_DROP_SETTING)) {
                mentionsSyncDropSetting = true;
            }
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
                last = previous;
                beforeLast = beforePrevious;
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
        if (!afterStatementEnd) {
            last = previous;
            beforeLast = beforePrevious;
        }
        int[] syncDrop = null;
        if (kind.equals("DROP") && last != first) {
            boolean afterName = !lexer.isSymbol(beforeLast, ',');
            for (String word : DROP_OBJECT_WORDS) {
                afterName &= !lexer.isWord(beforeLast, word);
            }
            if (lexer.isWord(last, "SYNC") && afterName) {
                syncDrop = new int[] {last.start(), last.end()};
            } else if (lexer.isWord(last, "DELAY") && lexer.isWord(beforeLast, "NO")) {
                syncDrop = new int[] {beforeLast.start(), last.end()};
            }
        }
        return new QueryAnalysis(
                kind,
                outputFormat,
                multiStatement,
                List.copyOf(settings),
                null,
                syncDrop,
                mentionsSyncDropSetting);
    }

    /** INSERT: find where inline data starts (FORMAT name, VALUES), or INSERT … SELECT. */
    private static QueryAnalysis insert(SqlLexer lexer, byte[] text, int to, boolean complete) {
        int depth = 0;
        int settingsStart = -1;
        Token previous = null;
        for (Token t = lexer.next(); t != null; previous = t, t = lexer.next()) {
            if (lexer.isSymbol(t, '(')) {
                depth++;
            } else if (lexer.isSymbol(t, ')')) {
                depth--;
            } else if (depth == 0) {
                if (lexer.isWord(t, "SETTINGS") && settingsStart < 0) {
                    settingsStart = t.start();
                } else if (lexer.isWord(previous, "FORMAT") && t.kind() == SqlLexer.Kind.WORD) {
                    if (!complete && t.end() >= to) {
                        break; // the name may continue beyond the head
                    }
                    int data = t.end();
                    while (data < to
                            && (text[data] == ' ' || text[data] == '\t' || text[data] == '\f')) {
                        data++;
                    }
                    if (data < to && text[data] == '\r') {
                        data++;
                    }
                    if (data < to && text[data] == '\n') {
                        data++;
                    }
                    if (!complete && data >= to) {
                        break; // the line break may be beyond the head
                    }
                    InsertData insertData =
                            new InsertData(lexer.text(t), previous.start(), settingsStart, data);
                    return new QueryAnalysis("INSERT", null, false, List.of(), insertData);
                } else if (lexer.isWord(t, "VALUES")) {
                    InsertData insertData =
                            new InsertData("Values", t.start(), settingsStart, t.end());
                    return new QueryAnalysis("INSERT", null, false, List.of(), insertData);
                } else if (lexer.isWord(t, "INFILE")) {
                    break; // the engine reads the named file itself
                } else if (lexer.isWord(t, "SELECT") || lexer.isWord(t, "WITH")) {
                    return new QueryAnalysis(
                            "INSERT", null, hasSecondStatement(lexer), List.of(), null);
                }
            }
        }
        return new QueryAnalysis("INSERT", null, false, List.of(), null);
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
