package dev.plimsoll.infra.clickhouse.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class QueryAnalysisTest {

    static QueryAnalysis of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return QueryAnalysis.of(bytes, 0, bytes.length, true);
    }

    static String data(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        QueryAnalysis a = QueryAnalysis.of(bytes, 0, bytes.length, true);
        int start = a.insertData().dataStart();
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }

    @Test
    void kindsAndReadOnly() {
        assertThat(of("  -- c\n (SELECT 1)").kind()).isEqualTo("SELECT");
        assertThat(of("with x as (select 1) select * from x").isReadOnly()).isTrue();
        assertThat(of("insert into t values (1)").isInsert()).isTrue();
        assertThat(of("CREATE TABLE t (a UInt8) ENGINE = Memory").isReadOnly()).isFalse();
        assertThat(of("/* nothing */ ").kind()).isEmpty();
    }

    @Test
    void outputFormatClause() {
        assertThat(of("SELECT 1 FORMAT JSONEachRow").outputFormat()).isEqualTo("JSONEachRow");
        assertThat(of("SELECT 1 FORMAT JSON SETTINGS max_threads = 1").outputFormat())
                .isEqualTo("JSON");
        assertThat(of("SELECT 1 FORMAT CSV;").outputFormat()).isEqualTo("CSV");
        assertThat(of("SELECT format AS x FROM t").outputFormat()).isNull();
        assertThat(of("SELECT format('{}', 1)").outputFormat()).isNull();
        assertThat(of("SELECT * FROM (SELECT 1 FORMAT JSON)").outputFormat()).isNull();
        assertThat(of("SELECT 'FORMAT JSON'").outputFormat()).isNull();
    }

    @Test
    void multiStatements() {
        assertThat(of("SELECT 1;").multiStatement()).isFalse();
        assertThat(of("SELECT 1; -- done\n").multiStatement()).isFalse();
        assertThat(of("SELECT 1; SELECT 2").multiStatement()).isTrue();
        assertThat(of("SELECT ';'").multiStatement()).isFalse();
        assertThat(of("INSERT INTO t SELECT 1; DROP TABLE t").multiStatement()).isTrue();
        // Inline data may hold anything.
        assertThat(of("INSERT INTO t FORMAT CSV\n1;2\n").multiStatement()).isFalse();
    }

    @Test
    void settingsOfASetStatement() {
        assertThat(of("SET max_threads = 1, readonly = 0").setSettings())
                .containsExactly("max_threads", "readonly");
        assertThat(of("SELECT 1").setSettings()).isEmpty();
    }

    @Test
    void insertDataStartsAfterTheFormatNameAndOneLineBreak() {
        assertThat(data("INSERT INTO t FORMAT RowBinary\nDATA")).isEqualTo("DATA");
        assertThat(data("INSERT INTO t FORMAT RowBinary \t\r\nDATA")).isEqualTo("DATA");
        assertThat(data("INSERT INTO t FORMAT TSV\n\nDATA")).isEqualTo("\nDATA");
        assertThat(data("INSERT INTO t FORMAT TSV  DATA")).isEqualTo("DATA");
        assertThat(data("INSERT INTO t FORMAT TSV")).isEmpty();
        assertThat(data("INSERT INTO t (a, b) VALUES (1, 'x')")).isEqualTo(" (1, 'x')");
    }

    @Test
    void insertClausePositions() {
        String text =
                "INSERT INTO db.t (a, `format`) SETTINGS async_insert = 0 FORMAT JSONEachRow\n{}";
        QueryAnalysis.InsertData d = of(text).insertData();
        assertThat(d.format()).isEqualTo("JSONEachRow");
        assertThat(text.substring(d.settingsStart(), d.clauseStart()))
                .isEqualTo("SETTINGS async_insert = 0 ");
        assertThat(text.substring(0, d.settingsStart()))
                .isEqualTo("INSERT INTO db.t (a, `format`) ");
        assertThat(of("INSERT INTO t VALUES (1)").insertData().format()).isEqualTo("Values");
        assertThat(of("INSERT INTO t SELECT * FROM s").insertData()).isNull();
        assertThat(of("INSERT INTO t FROM INFILE 'x.csv' FORMAT CSV").insertData()).isNull();
    }

    @Test
    void synchronousDropClause() {
        String text = "DROP TABLE IF EXISTS db.t SYNC";
        int[] sync = of(text).syncDrop();
        assertThat(text.substring(sync[0], sync[1])).isEqualTo("SYNC");
        text = "drop database d no delay ; ";
        sync = of(text).syncDrop();
        assertThat(text.substring(sync[0], sync[1])).isEqualTo("no delay");
        assertThat(of("DROP TABLE sync").syncDrop()).isNull(); // a table named sync
        assertThat(of("DROP TABLE IF EXISTS sync").syncDrop()).isNull();
        assertThat(of("DROP TABLE a, sync").syncDrop()).isNull();
        assertThat(of("DROP TABLE sync SYNC").syncDrop()).containsExactly(16, 20);
        assertThat(of("DROP TABLE t").syncDrop()).isNull();
        assertThat(of("SELECT 1 AS sync").syncDrop()).isNull();
        assertThat(
                        of("SET database_atomic_wait_for_drop_and_detach_synchronously = 1")
                                .mentionsSyncDropSetting())
                .isTrue();
    }

    @Test
    void incompleteHeadDoesNotGuessACutFormatName() {
        byte[] cut = "INSERT INTO t FORMAT RowBin".getBytes(StandardCharsets.UTF_8);
        assertThat(QueryAnalysis.of(cut, 0, cut.length, false).insertData()).isNull();
        byte[] noBreakYet = "INSERT INTO t FORMAT RowBinary  ".getBytes(StandardCharsets.UTF_8);
        assertThat(QueryAnalysis.of(noBreakYet, 0, noBreakYet.length, false).insertData()).isNull();
        byte[] ok = "INSERT INTO t FORMAT RowBinary\n\u0001".getBytes(StandardCharsets.UTF_8);
        assertThat(QueryAnalysis.of(ok, 0, ok.length, false).insertData().dataStart())
                .isEqualTo(ok.length - 1);
    }
}
