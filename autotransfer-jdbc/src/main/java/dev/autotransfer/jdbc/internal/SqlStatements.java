package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Loads the DML statements, one per {@code .sql} resource under {@code dev/autotransfer/jdbc/sql/}.
 * Not API.
 *
 * <p>{@code sql/<dialect>/<name>} overrides {@code sql/<name>} where a dialect differs. Full-line
 * {@code --} comments are removed, so a colon in a comment is never taken for a named bind.
 * Values travel only as named binds ({@code :name}). Statements are cached; thread-safe.
 */
public final class SqlStatements {

    private static final String ROOT = "dev/autotransfer/jdbc/sql/";
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlStatements() {
    }

    /** The statement {@code name} (for example {@code schedule/insert.sql}) for the dialect. */
    public static String get(Dialect dialect, String name) {
        return CACHE.computeIfAbsent(dialect.resourceName() + "/" + name, key -> load(dialect, name));
    }

    private static String load(Dialect dialect, String name) {
        String text = read(ROOT + dialect.resourceName() + "/" + name);
        if (text == null) {
            text = read(ROOT + name);
        }
        if (text == null) {
            throw new AutoTransferJdbcException("missing resource " + ROOT + name);
        }
        String statement = text.lines()
                .filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"))
                .strip();
        return statement.endsWith(";") ? statement.substring(0, statement.length() - 1) : statement;
    }

    private static String read(String path) {
        try (InputStream in = SqlStatements.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoTransferJdbcException("cannot read resource " + path, e);
        }
    }
}
