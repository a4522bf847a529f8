package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.testing.DatabaseServers;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * The installation id: written once at install by the database (by {@link SchemaInstaller#install()}
 * and by its printed script alike), one row only, kept by a second install, different in every
 * installation, readable but not changeable by the application role.
 */
class InstallationIdTest {

    private static final Pattern SEPARATOR_LINE = Pattern.compile("(?m)^-- ;;[ \\t]*$");

    @DatabaseTest(installSchema = false)
    void install_writes_one_installation_id_and_a_second_install_keeps_it(TestDatabase db) {
        assertThat(db.installer().build().install()).isTrue();
        List<String> ids = ids(db.jdbi());
        assertThat(ids).hasSize(1);
        assertThat(ids.get(0)).matches("[0-9a-f]{10}");
        Instant installedAt = db.jdbi().withHandle(h -> h.createQuery("SELECT installed_at FROM at_installation")
                .mapTo(Instant.class).one());
        assertThat(installedAt).isNotNull();

        assertThat(db.installer().build().install()).isFalse();

        assertThat(ids(db.jdbi())).containsExactlyElementsOf(ids);
        assertThat(AutoTransferDatabase.of(db.appDataSource()).installationId()).isEqualTo(ids.get(0));
    }

    @DatabaseTest
    void a_second_row_is_refused_even_for_the_owner(TestDatabase db) {
        Throwable second = catchThrowable(() -> db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO at_installation (id, installation_id) VALUES (2, 'abcdefgh12')")));
        Throwable same = catchThrowable(() -> db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO at_installation (id, installation_id) VALUES (1, 'abcdefgh12')")));

        assertThat(Refusal.of(db.dialect(), second)).as(Refusal.describe(second)).isEqualTo(Refusal.CHECK_VIOLATION);
        assertThat(Refusal.of(db.dialect(), same)).as(Refusal.describe(same)).isEqualTo(Refusal.UNIQUE_VIOLATION);
        assertThat(ids(db.jdbi())).hasSize(1);
    }

    @DatabaseTest
    void the_application_role_may_read_the_id_but_not_change_it(TestDatabase db) {
        String id = ids(db.appJdbi()).get(0);

        for (String sql : List.of("UPDATE at_installation SET installation_id = 'abcdefgh12'",
                "DELETE FROM at_installation",
                "INSERT INTO at_installation (id, installation_id) VALUES (1, 'abcdefgh12')")) {
            Throwable refused = catchThrowable(() -> db.appJdbi().useHandle(h -> h.execute(sql)));
            assertThat(Refusal.of(db.dialect(), refused)).as(sql + ": " + Refusal.describe(refused))
                    .isEqualTo(Refusal.NO_PRIVILEGE);
        }
        assertThat(ids(db.jdbi())).containsExactly(id);
    }

    /** One database installed by {@code install()}, another by the printed script: each draws its own id. */
    @DatabaseTest
    void two_installations_get_different_ids_also_from_one_printed_script(TestDatabase db) throws Exception {
        String script = db.installer().build().script();
        try (TestDatabase second = TestDatabase.create(db.dialect(), DatabaseServers.baseUrl(db.dialect()));
                TestDatabase third = TestDatabase.create(db.dialect(), DatabaseServers.baseUrl(db.dialect()))) {
            runScript(second, script);
            runScript(third, script);

            String first = ids(db.jdbi()).get(0);
            List<String> all = List.of(first, ids(second.jdbi()).get(0), ids(third.jdbi()).get(0));
            assertThat(all).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[0-9a-f]{10}"));
            assertThat(script).contains("INSERT INTO at_installation").doesNotContain(all.get(1), all.get(2));
            assertThat(second.installer().build().install()).as("install() after the script").isFalse();
            assertThat(ids(second.jdbi())).containsExactly(all.get(1));
        }
    }

    @DatabaseTest
    void a_missing_installation_row_or_table_is_an_error_naming_the_table(TestDatabase db) {
        db.jdbi().useHandle(h -> h.execute("DELETE FROM at_installation"));

        assertThatThrownBy(() -> AutoTransferDatabase.of(db.appDataSource()).installationId())
                .isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageStartingWith("table at_installation holds no installation id");

        db.jdbi().useHandle(h -> h.execute("DROP TABLE at_installation"));

        assertThatThrownBy(() -> AutoTransferDatabase.of(db.dataSource()).installationId())
                .isInstanceOf(AutoTransferJdbcException.class)
                .hasMessageStartingWith("cannot read the installation id from table at_installation");
    }

    private static List<String> ids(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT installation_id FROM at_installation")
                .mapTo(String.class).list());
    }

    private static void runScript(TestDatabase db, String script) throws Exception {
        List<String> statements = Arrays.stream(SEPARATOR_LINE.split(script)).map(String::strip)
                .filter(statement -> !statement.isEmpty()).toList();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            for (String statement : statements) {
                try (Statement jdbc = connection.createStatement()) {
                    jdbc.execute(statement);
                }
            }
        }
    }
}
