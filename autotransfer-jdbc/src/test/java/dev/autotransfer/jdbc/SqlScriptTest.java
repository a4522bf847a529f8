package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.jdbc.internal.Identifiers;
import dev.autotransfer.jdbc.internal.SqlScript;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splits_on_separator_lines_and_keeps_bodies_with_semicolons_whole() {
        SqlScript script = SqlScript.parse("t", """
                -- a comment-only head
                CREATE TABLE a (id INT);
                -- ;;
                CREATE FUNCTION f() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'no'; END
                $$
                -- ;;
                -- trailing comment only
                """, Map.of());

        assertThat(script.statements()).hasSize(2);
        assertThat(script.statements().get(1)).contains("RAISE EXCEPTION 'no'; END");
    }

    @Test
    void fills_placeholders_and_refuses_a_missing_one() {
        assertThat(SqlScript.parse("t", "GRANT SELECT ON x TO ${role}", Map.of("role", "app")).statements())
                .containsExactly("GRANT SELECT ON x TO app");
        assertThatThrownBy(() -> SqlScript.parse("t", "GRANT SELECT ON x TO ${role}", Map.of()))
                .hasMessageContaining("${role}");
    }

    @Test
    void identifiers_that_could_break_out_of_a_script_are_refused() {
        assertThat(Identifiers.requireSafe("autotransfer_app", "role")).isEqualTo("autotransfer_app");
        for (String bad : new String[] {"App", "a b", "a'b", "a;drop", "", "1abc", "x".repeat(64)}) {
            assertThatThrownBy(() -> Identifiers.requireSafe(bad, "role")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role");
        }
    }

    @Test
    void the_printed_script_holds_every_partition_of_the_range_and_records_the_version() {
        String sql = SchemaInstaller.script(Dialect.POSTGRESQL, YearMonth.of(2025, 11), YearMonth.of(2027, 2));

        assertThat(sql).contains("CREATE TABLE at_history (", "at_history_min PARTITION OF at_history FOR VALUES FROM"
                + " (MINVALUE) TO ('2025-11-01')", "at_history_2025_11", "at_history_2027_02",
                "INSERT INTO at_schema_version").doesNotContain("at_history_2027_03", "${");
        assertThat(SchemaInstaller.script(Dialect.MARIADB, YearMonth.of(2025, 11), YearMonth.of(2027, 2)))
                .contains("PARTITION at_history_min VALUES LESS THAN ('2025-11-01')",
                        "ADD PARTITION (PARTITION at_history_2027_02 VALUES LESS THAN ('2027-03-01'))");
        assertThat(SchemaInstaller.script(Dialect.H2, YearMonth.of(2025, 11), YearMonth.of(2027, 2)))
                .doesNotContain("PARTITION");
    }

    @Test
    void the_printed_script_has_a_separator_line_between_statements_and_parses_back_to_them() {
        for (Dialect dialect : Dialect.values()) {
            String sql = SchemaInstaller.script(dialect, YearMonth.of(2025, 11), YearMonth.of(2027, 2));
            List<String> printed = SqlScript.parse("printed", sql, Map.of()).statements();
            List<String> parts = Arrays.asList(sql.split("\n-- ;;\n", -1));

            assertThat(parts).as(dialect.name()).hasSameSizeAs(printed).hasSizeGreaterThan(15);
            assertThat(sql).as(dialect.name()).doesNotStartWith("-- ;;").doesNotEndWith("-- ;;\n").endsWith(";\n");
            assertThat(printed).as(dialect.name()).allSatisfy(statement -> assertThat(statement).endsWith(";"));
        }
    }

    @Test
    void the_printed_mariadb_and_h2_scripts_also_split_at_semicolons() {
        // no ';' inside a statement, not even in a comment: a tool that splits at ';' gets the same statements
        for (Dialect dialect : new Dialect[] {Dialect.MARIADB, Dialect.H2}) {
            String sql = SchemaInstaller.script(dialect, YearMonth.of(2025, 11), YearMonth.of(2027, 2));
            List<String> printed = SqlScript.parse("printed", sql, Map.of()).statements();

            assertThat(printed).as(dialect.name()).allSatisfy(statement ->
                    assertThat(statement.indexOf(';')).as(statement).isEqualTo(statement.length() - 1));
        }
        // PostgreSQL: only inside the $$ bodies, which Flyway's parser keeps whole
        String postgres = SchemaInstaller.script(Dialect.POSTGRESQL, YearMonth.of(2025, 11), YearMonth.of(2027, 2));
        for (String statement : SqlScript.parse("printed", postgres, Map.of()).statements()) {
            String outsideBodies = statement.replaceAll("(?s)\\$\\$.*?\\$\\$", "\\$\\$\\$\\$");
            assertThat(outsideBodies.indexOf(';')).as(statement).isEqualTo(outsideBodies.length() - 1);
        }
    }

    @Test
    void recognises_each_supported_product_name() {
        assertThat(Dialect.fromProductName("H2")).isEqualTo(Dialect.H2);
        assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.fromProductName("MariaDB")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.fromProductName("MySQL")).isEqualTo(Dialect.MARIADB);
        assertThatThrownBy(() -> Dialect.fromProductName("Oracle")).isInstanceOf(AutoTransferJdbcException.class);
    }
}
