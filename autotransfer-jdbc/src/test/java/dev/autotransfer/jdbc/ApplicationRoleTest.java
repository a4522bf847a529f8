package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.JdbcUrl;
import dev.autotransfer.jdbc.testing.TestDatabase;
import dev.autotransfer.jdbc.testing.UrlDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The application role never exists without a way to authenticate that the operator chose: created
 * with its password in one statement, or (PostgreSQL, MariaDB) unable to log in by password; H2
 * refuses a role without one (docs/schema.md, docs/operations.md).
 *
 * <p>The test PostgreSQL may trust local connections (pg_hba.conf {@code trust}), so a login there
 * proves nothing about a password: PostgreSQL tests read {@code pg_authid} instead.
 */
class ApplicationRoleTest {

    /** Quotes, backslashes, a semicolon, comment and dollar-quote markers, a non-ASCII letter. */
    private static final String AWKWARD_PASSWORD = "it's a \\' \"pass\"; DROP USER root; -- $$ /* p\u00e4ss";

    @DatabaseTest
    void installing_the_application_role_again_and_concurrently_is_harmless(TestDatabase db) throws SQLException {
        String role = db.newRoleName();
        SchemaInstaller installer = db.installer().build();

        List.of(1, 2, 3).parallelStream().forEach(i -> installer.installApplicationRole(role, "pw-" + i));
        installer.installApplicationRole(role, "pw-final");

        assertCanLogIn(db, role, "pw-final");
        if (db.dialect() != Dialect.H2) {
            // without a password: an existing role keeps its password and stays usable (not locked)
            installer.installApplicationRole(role);
            assertCanLogIn(db, role, "pw-final");
            assertThat(installer.applicationRoleScript(role)).contains("at_history", "\n-- ;;\n").doesNotContain("${");
        }
    }

    @DatabaseTest
    void a_password_is_set_exactly_as_given_whatever_characters_it_holds(TestDatabase db) throws SQLException {
        String role = db.newRoleName();

        db.installer().build().installApplicationRole(role, AWKWARD_PASSWORD);

        assertCanLogIn(db, role, AWKWARD_PASSWORD);
        if (db.dialect() == Dialect.POSTGRESQL) {
            assertThat(postgresPassword(db, role)).startsWith("SCRAM-SHA-256$");
        } else {
            assertLoginRefused(db, role, AWKWARD_PASSWORD.substring(1), Refusal.BAD_CREDENTIALS);
        }
    }

    @DatabaseTest
    void an_empty_or_blank_password_is_refused_naming_the_role(TestDatabase db) throws SQLException {
        String role = db.newRoleName();
        SchemaInstaller installer = db.installer().build();

        for (String password : new String[] {"", "  \n"}) {
            assertThatThrownBy(() -> installer.installApplicationRole(role, password))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("application role " + role).hasMessageContaining("empty");
        }
        assertThat(roleExists(db, role)).isFalse();
    }

    @DatabaseTest(dialects = Dialect.H2)
    void h2_refuses_an_application_role_without_a_password(TestDatabase db) throws SQLException {
        String role = db.newRoleName();
        SchemaInstaller installer = db.installer().build();

        assertThatThrownBy(() -> installer.installApplicationRole(role))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("application role " + role + " needs a password on H2");
        assertThatThrownBy(() -> installer.installApplicationRole(role, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(role);
        assertThatThrownBy(() -> installer.applicationRoleScript(role))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(role);
        assertThat(roleExists(db, role)).isFalse();
        assertLoginRefused(db, role, "", Refusal.BAD_CREDENTIALS);
    }

    @DatabaseTest(dialects = Dialect.MARIADB)
    void mariadb_creates_a_user_without_a_password_locked_until_one_is_set(TestDatabase db) throws SQLException {
        String role = db.newRoleName();
        SchemaInstaller installer = db.installer().build();

        installer.installApplicationRole(role);

        assertThat(showCreateUser(db, role)).contains("ACCOUNT LOCK").doesNotContain("IDENTIFIED");
        assertLoginRefused(db, role, "", Refusal.ACCOUNT_LOCKED);

        installer.installApplicationRole(role, "now-with-a-password");

        assertThat(showCreateUser(db, role)).doesNotContain("ACCOUNT LOCK");
        assertThat(mariadbAuthentication(db, role)).isEqualTo(mariadbPasswordFunction(db, "now-with-a-password"));
        assertCanLogIn(db, role, "now-with-a-password");
    }

    @DatabaseTest(dialects = Dialect.MARIADB)
    void mariadb_sets_the_password_with_server_side_prepared_statements_and_no_backslash_escapes(TestDatabase db)
            throws SQLException {
        String role = db.newRoleName();
        String ownerUrl = JdbcUrl.parse(db.url()).with("useServerPrepStmts", "true").toString()
                + "&sessionVariables=sql_mode=NO_BACKSLASH_ESCAPES";
        UrlDataSource owner = new UrlDataSource(ownerUrl);
        try (Connection connection = owner.getConnection(); Statement statement = connection.createStatement();
                ResultSet mode = statement.executeQuery("SELECT @@SESSION.sql_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("NO_BACKSLASH_ESCAPES");
        }

        SchemaInstaller.builder(owner).dialect(Dialect.MARIADB).clock(TestDatabase.CLOCK).build()
                .installApplicationRole(role, AWKWARD_PASSWORD);

        assertCanLogIn(db, role, AWKWARD_PASSWORD);
    }

    @DatabaseTest(dialects = Dialect.POSTGRESQL)
    void postgresql_creates_a_login_role_without_a_password_for_external_authentication(TestDatabase db)
            throws SQLException {
        String role = db.newRoleName();
        SchemaInstaller installer = db.installer().build();

        installer.installApplicationRole(role);

        assertThat(roleExists(db, role)).isTrue();
        assertThat(postgresPassword(db, role)).as("no password: password authentication always fails").isNull();

        installer.installApplicationRole(role, "now-with-a-password");

        assertThat(postgresPassword(db, role)).startsWith("SCRAM-SHA-256$");
    }

    private static void assertCanLogIn(TestDatabase db, String role, String password) throws SQLException {
        try (Connection connection = db.connectAs(role, password); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM at_schema_version")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    private static void assertLoginRefused(TestDatabase db, String role, String password, Refusal expected) {
        Throwable failure = catchThrowable(() -> db.connectAs(role, password).close());
        assertThat(failure).as("login as %s must be refused", role).isNotNull();
        assertThat(Refusal.of(db.dialect(), failure)).as(Refusal.describe(failure)).isEqualTo(expected);
    }

    private static boolean roleExists(TestDatabase db, String role) throws SQLException {
        String sql = switch (db.dialect()) {
            case H2 -> "SELECT COUNT(*) FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = '"
                    + role.toUpperCase(Locale.ROOT) + "'";
            case POSTGRESQL -> "SELECT COUNT(*) FROM pg_roles WHERE rolname = '" + role + "'";
            case MARIADB -> "SELECT COUNT(*) FROM mysql.user WHERE user = '" + role + "'";
        };
        return Integer.parseInt(queryOne(db, sql)) > 0;
    }

    private static String postgresPassword(TestDatabase db, String role) throws SQLException {
        return queryOne(db, "SELECT rolpassword FROM pg_authid WHERE rolname = '" + role + "' AND rolcanlogin");
    }

    private static String showCreateUser(TestDatabase db, String role) throws SQLException {
        return queryOne(db, "SHOW CREATE USER '" + role + "'@'%'");
    }

    private static String mariadbAuthentication(TestDatabase db, String role) throws SQLException {
        return queryOne(db, "SELECT JSON_VALUE(priv, '$.authentication_string') FROM mysql.global_priv"
                + " WHERE user = '" + role + "' AND host = '%'");
    }

    private static String mariadbPasswordFunction(TestDatabase db, String password) throws SQLException {
        return queryOne(db, "SELECT PASSWORD('" + password + "')");
    }

    /** The first column of the first row, as the owner; the SQL holds only test-made names. */
    private static String queryOne(TestDatabase db, String sql) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }
}
