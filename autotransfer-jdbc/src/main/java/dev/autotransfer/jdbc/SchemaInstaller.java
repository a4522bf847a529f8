package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.internal.Catalog;
import dev.autotransfer.jdbc.internal.HistoryPartitions;
import dev.autotransfer.jdbc.internal.Identifiers;
import dev.autotransfer.jdbc.internal.ScriptRunner;
import dev.autotransfer.jdbc.internal.SqlScript;
import dev.autotransfer.jdbc.internal.Transactions;
import java.sql.Connection;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Installs the autotransfer schema (tables, constraints, triggers, history partitions) and the
 * application role, when the user calls it: nothing is ever applied silently.
 *
 * <p>{@link #install()} is idempotent: the installed version is recorded in
 * {@code at_schema_version} and a second call does nothing. The install (and the printed script)
 * also has the database draw this installation's random id into {@code at_installation}, once,
 * which {@link AutoTransferDatabase} makes the prefix of every key sent to a bank. Run it with a role that may create
 * tables (the owner); the engine should then connect as the role made by
 * {@link #installApplicationRole(String, String)}, which may insert into history and audit but
 * never update, delete or truncate them. Users of Flyway or Liquibase take {@link #script()} and
 * {@link #applicationRoleScript(String)} instead. Methods block on the database and throw
 * {@link AutoTransferJdbcException} when it refuses.
 *
 * <p>An application role never exists without a way to authenticate that the operator chose: it
 * is created with its password in one statement, or, without a password, created unable to log in
 * by password (PostgreSQL: a login role for peer, cert or other external authentication; MariaDB:
 * {@code ACCOUNT LOCK}); H2 knows only passwords and refuses a role without one.
 *
 * <p>Immutable and thread-safe; installers on several nodes are serialized by a database lock
 * on PostgreSQL and MariaDB (H2 is single-node).
 */
public final class SchemaInstaller {

    /** The schema version this library installs. */
    public static final int VERSION = 1;

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final YearMonth firstMonth;
    private final YearMonth lastMonth;

    private SchemaInstaller(Builder builder) {
        this.jdbi = Jdbi.create(builder.dataSource);
        this.dialect = builder.dialect != null ? builder.dialect : Dialect.detect(builder.dataSource);
        YearMonth now = YearMonth.now(builder.clock);
        this.firstMonth = builder.firstMonth != null ? builder.firstMonth : now.minusMonths(builder.monthsBehind);
        this.lastMonth = now.plusMonths(builder.monthsAhead);
        if (lastMonth.isBefore(firstMonth)) {
            throw new IllegalArgumentException("first partition month " + firstMonth + " is after the last, " + lastMonth);
        }
    }

    /** A builder for an installer on this data source. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The dialect this installer writes. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Installs the schema and its initial partitions unless already installed.
     *
     * @return true if this call installed it, false if it was installed already
     * @throws AutoTransferJdbcException if the database refuses, or finds {@code at_} tables of a
     *     partial or foreign install
     */
    public boolean install() {
        return Transactions.underMaintenanceLock(jdbi, dialect, "installing the autotransfer schema", handle -> {
            if (installed(handle)) {
                return false;
            }
            for (SqlScript script : scripts(dialect, firstMonth)) {
                ScriptRunner.run(handle.getConnection(), script, Map.of());
            }
            if (HistoryPartitions.partitioned(dialect)) {
                PartitionMaintenance.createThrough(handle, dialect, lastMonth);
            }
            ScriptRunner.run(handle.getConnection(), SqlScript.load(dialect, "record_version.sql", Map.of()), Map.of());
            return true;
        });
    }

    /** Whether version {@value #VERSION} is recorded as installed. */
    public boolean isInstalled() {
        return Transactions.read(jdbi, "reading the schema version", this::installed);
    }

    /**
     * The whole install as SQL text for a migration tool: statements ended by {@code ;}, with a
     * line holding only {@code -- ;;} between two statements. Run whole it is an ordinary script;
     * cut at the {@code -- ;;} lines it gives the statements one by one, whatever they hold.
     */
    public String script() {
        return script(dialect, firstMonth, lastMonth);
    }

    /** The install SQL for a dialect with history partitions from {@code firstMonth} to {@code lastMonth}. */
    public static String script(Dialect dialect, YearMonth firstMonth, YearMonth lastMonth) {
        List<SqlScript> scripts = new ArrayList<>(scripts(dialect, firstMonth));
        if (HistoryPartitions.partitioned(dialect)) {
            for (YearMonth month = firstMonth; !month.isAfter(lastMonth); month = month.plusMonths(1)) {
                scripts.add(HistoryPartitions.month(dialect, month));
            }
        }
        scripts.add(SqlScript.load(dialect, "record_version.sql", Map.of()));
        return SqlScript.toScriptText(scripts);
    }

    /**
     * Creates the application role without a password if it is missing, and grants it (see
     * {@link #installApplicationRole(String, String)}); an existing role keeps its password or
     * authentication.
     *
     * <ul>
     *   <li>PostgreSQL: a {@code LOGIN} role without a password, for authentication that needs
     *       no password stored in PostgreSQL (peer, cert, GSSAPI, LDAP, as {@code pg_hba.conf} says); password authentication
     *       fails for it. A {@code trust} line in {@code pg_hba.conf} would let anyone in as it.
     *   <li>MariaDB: the user {@code 'role'@'%'} is created {@code ACCOUNT LOCK}: nobody can log in
     *       as it until an operator gives it a password or an authentication plugin and unlocks it
     *       ({@code ALTER USER ... IDENTIFIED VIA ... ACCOUNT UNLOCK}), or calls
     *       {@link #installApplicationRole(String, String)}.
     *   <li>H2: refused, since H2 authenticates by password only.
     * </ul>
     *
     * @throws IllegalArgumentException on H2, or if {@code role} is not a safe identifier
     * @throws AutoTransferJdbcException if the schema is not installed or the database refuses
     */
    public void installApplicationRole(String role) {
        installApplicationRole(role, null);
    }

    /**
     * Creates the application role if missing (idempotent, also when called concurrently) and
     * grants it INSERT and SELECT on history and audit and full DML on the operational tables.
     *
     * <p>With a password, a missing role is created with it in one statement, so it never exists
     * without one, and an existing role gets it (and may log in: PostgreSQL {@code LOGIN}, MariaDB
     * {@code ACCOUNT UNLOCK}). The password reaches the database as a bind value, never as SQL
     * text built here: on MariaDB, whose {@code CREATE USER} takes no bind, it is bound into a
     * session variable as its {@code mysql_native_password} hash, from which the server builds
     * the statement. Without a password, see {@link #installApplicationRole(String)}.
     *
     * @param role lower-case letters, digits and '_' (a MariaDB user {@code 'role'@'%'})
     * @param password set (or reset) when not null; never empty or blank
     * @throws IllegalArgumentException if the password is empty or blank, if it is null on H2, or
     *     if {@code role} is not a safe identifier
     * @throws AutoTransferJdbcException if the schema is not installed or the database refuses
     */
    public void installApplicationRole(String role, String password) {
        Identifiers.requireSafe(role, "role");
        if (password != null && password.isBlank()) {
            throw new IllegalArgumentException("the password of the application role " + role
                    + " is empty or blank: anyone reaching the database could log in as it; pass a password"
                    + (dialect == Dialect.H2 ? "" : ", or null to rely on external authentication"));
        }
        if (password == null) {
            requirePasswordlessRoleSupported(role);
        }
        Transactions.underMaintenanceLock(jdbi, dialect, "installing the application role " + role, handle -> {
            if (!installed(handle)) {
                throw new AutoTransferJdbcException("install the schema before the application role");
            }
            Map<String, String> values = roleValues(role, Catalog.currentSchema(handle, dialect));
            Connection connection = handle.getConnection();
            if (password == null) {
                ScriptRunner.run(connection, SqlScript.load(dialect, "role_create.sql", values), Map.of());
            } else {
                createWithPassword(connection, values, password);
            }
            ScriptRunner.run(connection, SqlScript.load(dialect, "roles.sql", values), Map.of());
            return null;
        });
    }

    /**
     * The role script as SQL text for a migration tool, for the connected schema: the role created
     * without a password as by {@link #installApplicationRole(String)}, then its grants.
     *
     * @throws IllegalArgumentException on H2, whose users need a password: use
     *     {@link #installApplicationRole(String, String)}
     */
    public String applicationRoleScript(String role) {
        Identifiers.requireSafe(role, "role");
        requirePasswordlessRoleSupported(role);
        return Transactions.read(jdbi, "reading the current schema", handle -> {
            Map<String, String> values = roleValues(role, Catalog.currentSchema(handle, dialect));
            return SqlScript.toScriptText(List.of(SqlScript.load(dialect, "role_create.sql", values),
                    SqlScript.load(dialect, "roles.sql", values)));
        });
    }

    private void requirePasswordlessRoleSupported(String role) {
        if (dialect == Dialect.H2) {
            throw new IllegalArgumentException("the application role " + role + " needs a password on H2:"
                    + " H2 authenticates users by password only, and a user with an empty one is open to anyone"
                    + " who reaches the database; call installApplicationRole(role, password)");
        }
    }

    private void createWithPassword(Connection connection, Map<String, String> values, String password) {
        try {
            ScriptRunner.run(connection, SqlScript.load(dialect, "role_password.sql", values),
                    Map.of("password", password));
        } finally {
            if (dialect == Dialect.MARIADB) {
                // the session variables and the prepared statement hold the password's hash
                ScriptRunner.run(connection, SqlScript.load(dialect, "role_password_clear.sql", values), Map.of());
            }
        }
    }

    private boolean installed(Handle handle) {
        if (Catalog.tableExists(handle, "at_schema_version")) {
            int rows = handle.createQuery("SELECT COUNT(*) FROM at_schema_version WHERE version = :version")
                    .bind("version", VERSION).mapTo(Integer.class).one();
            if (rows == 1) {
                return true;
            }
        }
        for (String table : List.of("at_schema_version", "at_schedule", "at_history", "at_audit_log")) {
            if (Catalog.tableExists(handle, table)) {
                throw new AutoTransferJdbcException("table " + table + " exists but version " + VERSION
                        + " is not recorded in at_schema_version: a partial or foreign install; drop the at_ tables"
                        + " or complete it by hand");
            }
        }
        return false;
    }

    private static List<SqlScript> scripts(Dialect dialect, YearMonth firstMonth) {
        SqlScript v001 = SqlScript.load(dialect, "V001__init.sql", HistoryPartitions.v001Values(firstMonth));
        SqlScript min = HistoryPartitions.minPartition(dialect, firstMonth);
        return min == null ? List.of(v001) : List.of(v001, min);
    }

    private Map<String, String> roleValues(String role, String schema) {
        Map<String, String> values = new HashMap<>();
        values.put("role", role);
        if (dialect != Dialect.H2) {
            values.put("schema", Identifiers.requireSafe(schema, "current schema"));
        }
        return values;
    }

    /**
     * Settings of a {@link SchemaInstaller}: history partitions from 12 months before the current
     * month (by the clock, UTC by default) to 3 months after it, unless told otherwise.
     *
     * <p>Not thread-safe; build once and share the installer.
     */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;
        private Clock clock = Clock.systemUTC();
        private YearMonth firstMonth;
        private int monthsBehind = 12;
        private int monthsAhead = 3;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The dialect, instead of detecting it from the data source. */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** The clock that says which month is current. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The first monthly partition; older nominal dates go to {@code at_history_min}. Overrides monthsBehind. */
        public Builder firstPartitionMonth(YearMonth firstMonth) {
            this.firstMonth = Objects.requireNonNull(firstMonth, "firstMonth");
            return this;
        }

        /** How many months before the current one get their own partition (0 to 120). */
        public Builder monthsBehind(int months) {
            this.monthsBehind = requireMonths("monthsBehind", months);
            return this;
        }

        /** How many months after the current one get a partition now (0 to 120). */
        public Builder monthsAhead(int months) {
            this.monthsAhead = requireMonths("monthsAhead", months);
            return this;
        }

        /** The installer; detects the dialect (one connection) unless it was given. */
        public SchemaInstaller build() {
            return new SchemaInstaller(this);
        }

        private static int requireMonths(String name, int months) {
            if (months < 0 || months > PartitionMaintenance.MAX_MONTHS_AHEAD) {
                throw new IllegalArgumentException(name + " must be 0 to " + PartitionMaintenance.MAX_MONTHS_AHEAD
                        + " months, was " + months);
            }
            return months;
        }
    }
}
