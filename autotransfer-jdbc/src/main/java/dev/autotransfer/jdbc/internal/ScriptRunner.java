package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executes the statements of a {@link SqlScript} on one connection, in order. Not API.
 *
 * <p>Statements without binds run as plain JDBC statements with escape processing off, so DDL,
 * function bodies and trigger bodies reach the server exactly as written. A statement that names
 * a bind ({@code :password}) runs as a prepared statement with the value bound. Transactions are
 * the caller's. Stateless.
 */
public final class ScriptRunner {

    private static final Pattern BIND = Pattern.compile("(?<![:\\w]):([a-zA-Z][a-zA-Z0-9]*)");

    private ScriptRunner() {
    }

    /** Runs every statement of {@code script} on {@code connection}, binding {@code binds} by name. */
    public static void run(Connection connection, SqlScript script, Map<String, ?> binds) {
        for (String sql : script.statements()) {
            try {
                execute(connection, sql, binds);
            } catch (SQLException e) {
                throw new AutoTransferJdbcException(script.name() + ": statement failed (SQLState "
                        + e.getSQLState() + ", " + e.getMessage() + "):\n" + sql, e);
            }
        }
    }

    private static void execute(Connection connection, String sql, Map<String, ?> binds) throws SQLException {
        List<Object> values = new ArrayList<>();
        StringBuilder jdbcSql = new StringBuilder();
        Matcher matcher = BIND.matcher(sql);
        while (matcher.find()) {
            if (!binds.containsKey(matcher.group(1))) {
                continue;
            }
            values.add(binds.get(matcher.group(1)));
            matcher.appendReplacement(jdbcSql, "?");
        }
        matcher.appendTail(jdbcSql);
        if (values.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                statement.setEscapeProcessing(false);
                statement.execute(sql);
            }
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(jdbcSql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            statement.execute();
        }
    }
}
