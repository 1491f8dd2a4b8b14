package dev.plimsoll.infra.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqlScriptTest {

    static List<String> sql(String script) {
        return SqlScript.split(script).stream().map(SqlScript.Statement::sql).toList();
    }

    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(sql("SELECT 1; SELECT 2;\n\nSELECT 3"))
                .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void ignoresSemicolonsInLiteralsIdentifiersAndComments() {
        String script =
                "-- leading comment; not a statement\n"
                        + "SELECT 'a;b', 'it''s;', 'back\\\\slash\\';', \"col;1\", `col;2`; # hash;"
                        + " comment\n"
                        + "/* block; /* nested; */ still comment; */ SELECT $$here;doc$$,"
                        + " $tag$x;$$y$tag$;\n"
                        + "SELECT 1 -- trailing; comment\n"
                        + ";";
        assertThat(sql(script))
                .containsExactly(
                        "SELECT 'a;b', 'it''s;', 'back\\\\slash\\';', \"col;1\", `col;2`",
                        "SELECT $$here;doc$$, $tag$x;$$y$tag$",
                        "SELECT 1");
    }

    @Test
    void keepsCommentsInsideAStatementAndDropsEmptyOnes() {
        assertThat(
                        sql(
                                ";;\n"
                                        + "-- only a comment\n"
                                        + ";\n"
                                        + "CREATE TABLE t (\n"
                                        + "  a UInt8 -- the a\n"
                                        + ") ENGINE = Memory;\n"))
                .containsExactly("CREATE TABLE t (\n  a UInt8 -- the a\n) ENGINE = Memory");
    }

    @Test
    void reportsTheLineEachStatementStartsOn() {
        assertThat(
                        SqlScript.split(
                                "SELECT 1;\n\n-- c\nSELECT\n 2;\nSELECT 'multi\nline'; SELECT 4"))
                .extracting(SqlScript.Statement::line)
                .containsExactly(1, 4, 6, 7);
    }

    @Test
    void unterminatedLiteralKeepsTheRestAsOneStatementForTheEngineToReject() {
        assertThat(sql("SELECT 'open; SELECT 2")).containsExactly("SELECT 'open; SELECT 2");
        assertThat(sql("SELECT 1 /* open; SELECT 2")).containsExactly("SELECT 1 /* open; SELECT 2");
    }

    @Test
    void handlesMultibyteText() {
        assertThat(sql("SELECT 'ü;ß' AS ä; SELECT '日本'"))
                .containsExactly("SELECT 'ü;ß' AS ä", "SELECT '日本'");
    }
}
