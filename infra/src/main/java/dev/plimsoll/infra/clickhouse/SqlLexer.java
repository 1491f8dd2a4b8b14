package dev.plimsoll.infra.clickhouse;

import java.nio.charset.StandardCharsets;

/**
 * A minimal tokenizer for ClickHouse SQL, enough to find statement boundaries and clauses without
 * being fooled by quotes or comments. It works on bytes so that it can stop in front of binary data
 * that follows an INSERT's FORMAT clause: every syntax character is ASCII, and UTF-8 continuation
 * bytes never are.
 *
 * <p>Recognized: whitespace; comments {@code -- …}, {@code # …} (hash then space or '!'), nested
 * {@code /* … *\/}; string literals {@code '…'} with backslash escapes and doubled quotes; quoted
 * identifiers {@code "…"} and {@code `…`}; heredocs {@code $tag$…$tag$}; words (keywords,
 * identifiers, numbers); every other byte is a one-byte symbol. Comments and whitespace are
 * skipped. An unterminated literal or comment becomes a token of kind {@link Kind#UNTERMINATED}
 * that runs to the end, so that the engine reports the syntax error. Not thread-safe.
 */
public final class SqlLexer {

    /** Token kinds. */
    public enum Kind {
        WORD,
        STRING,
        QUOTED_IDENTIFIER,
        SYMBOL,
        UNTERMINATED
    }

    /** A token: {@code text[start, end)}. */
    public record Token(Kind kind, int start, int end) {}

    private final byte[] text;
    private final int end;
    private int pos;

    public SqlLexer(byte[] text, int from, int to) {
        this.text = text;
        this.pos = from;
        this.end = to;
    }

    public static SqlLexer of(String sql) {
        byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
        return new SqlLexer(bytes, 0, bytes.length);
    }

    /** The position after the last token returned (or the start). */
    public int position() {
        return pos;
    }

    /** The next token, or null at the end. */
    public Token next() {
        if (!skipSpaceAndComments()) {
            return new Token(Kind.UNTERMINATED, pos, pos = end);
        }
        if (pos >= end) {
            return null;
        }
        int start = pos;
        byte c = text[pos];
        switch (c) {
            case '\'':
                return quoted(Kind.STRING, (byte) '\'', start);
            case '"':
                return quoted(Kind.QUOTED_IDENTIFIER, (byte) '"', start);
            case '`':
                return quoted(Kind.QUOTED_IDENTIFIER, (byte) '`', start);
            case '$':
                {
                    Token heredoc = heredoc(start);
                    if (heredoc != null) {
                        return heredoc;
                    }
                    pos++;
                    return new Token(Kind.SYMBOL, start, pos);
                }
            default:
                if (isWordByte(c)) {
                    while (pos < end && (isWordByte(text[pos]) || text[pos] == '$')) {
                        pos++;
                    }
                    return new Token(Kind.WORD, start, pos);
                }
                pos++;
                return new Token(Kind.SYMBOL, start, pos);
        }
    }

    /** Whether {@code token} is the word {@code keyword} (ASCII, case-insensitive). */
    public boolean isWord(Token token, String keyword) {
        if (token == null || token.kind() != Kind.WORD) {
            return false;
        }
        int n = token.end() - token.start();
        if (n != keyword.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int a = text[token.start() + i];
            int b = keyword.charAt(i);
            if (Character.toUpperCase(a) != Character.toUpperCase(b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code token} is the one-byte symbol {@code symbol}. */
    public boolean isSymbol(Token token, char symbol) {
        return token != null && token.kind() == Kind.SYMBOL && text[token.start()] == (byte) symbol;
    }

    /** The token's text (UTF-8). */
    public String text(Token token) {
        return new String(text, token.start(), token.end() - token.start(), StandardCharsets.UTF_8);
    }

    private static boolean isWordByte(byte c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '.'
                || (c & 0x80) != 0;
    }

    /** Returns false when an unterminated comment runs to the end. */
    private boolean skipSpaceAndComments() {
        while (pos < end) {
            byte c = text[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
                pos++;
            } else if (c == '-' && pos + 1 < end && text[pos + 1] == '-') {
                skipLine();
            } else if (c == '#'
                    && pos + 1 < end
                    && (text[pos + 1] == ' ' || text[pos + 1] == '!')) {
                skipLine();
            } else if (c == '/' && pos + 1 < end && text[pos + 1] == '*') {
                int depth = 1;
                pos += 2;
                while (depth > 0) {
                    if (pos + 1 >= end) {
                        return false;
                    }
                    if (text[pos] == '/' && text[pos + 1] == '*') {
                        depth++;
                        pos += 2;
                    } else if (text[pos] == '*' && text[pos + 1] == '/') {
                        depth--;
                        pos += 2;
                    } else {
                        pos++;
                    }
                }
            } else {
                return true;
            }
        }
        return true;
    }

    private void skipLine() {
        while (pos < end && text[pos] != '\n') {
            pos++;
        }
    }

    private Token quoted(Kind kind, byte quote, int start) {
        pos++;
        while (pos < end) {
            byte c = text[pos];
            if (c == '\\') {
                pos += 2;
            } else if (c == quote) {
                if (pos + 1 < end && text[pos + 1] == quote) {
                    pos += 2;
                } else {
                    pos++;
                    return new Token(kind, start, pos);
                }
            } else {
                pos++;
            }
        }
        pos = end;
        return new Token(Kind.UNTERMINATED, start, end);
    }

    /** {@code $tag$ … $tag$} with tag [A-Za-z0-9_]*, or null when this '$' starts none. */
    private Token heredoc(int start) {
        int p = start + 1;
        while (p < end && isTagByte(text[p])) {
            p++;
        }
        if (p >= end || text[p] != '$') {
            return null;
        }
        int tagLength = p + 1 - start; // "$tag$"
        for (int i = p + 1; i + tagLength <= end; i++) {
            if (text[i] == '$' && regionMatches(start, i, tagLength)) {
                pos = i + tagLength;
                return new Token(Kind.STRING, start, pos);
            }
        }
        pos = end;
        return new Token(Kind.UNTERMINATED, start, end);
    }

    private static boolean isTagByte(byte c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_';
    }

    private boolean regionMatches(int a, int b, int length) {
        for (int i = 0; i < length; i++) {
            if (text[a + i] != text[b + i]) {
                return false;
            }
        }
        return true;
    }
}
