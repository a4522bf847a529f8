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
 * Loads DML statements, one per {@code .sql} resource under a root folder: this module's
 * ({@code dev/autotransfer/jdbc/sql/}, {@link #get}) or another module's store's
 * ({@link #get(String, Dialect, String)}, through {@code JdbiStores.statement}). Not API.
 *
 * <p>{@code <root><dialect>/<name>} overrides {@code <root><name>} where a dialect differs. Full-line
 * {@code --} comments are removed, so a colon in a comment is never taken for a named bind.
 * Values travel only as named binds ({@code :name}). Statements are cached; thread-safe.
 */
public final class SqlStatements {

    private static final String ROOT = "dev/autotransfer/jdbc/sql/";
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlStatements() {
    }

    /** The statement {@code name} (for example {@code schedule/insert.sql}) of this module for the dialect. */
    public static String get(Dialect dialect, String name) {
        return get(ROOT, dialect, name);
    }

    /** The statement {@code name} under the resource folder {@code root} (ending in '/') for the dialect. */
    public static String get(String root, Dialect dialect, String name) {
        return CACHE.computeIfAbsent(root + dialect.resourceName() + "/" + name, key -> load(root, dialect, name));
    }

    private static String load(String root, Dialect dialect, String name) {
        String text = read(root + dialect.resourceName() + "/" + name);
        if (text == null) {
            text = read(root + name);
        }
        if (text == null) {
            throw new AutoTransferJdbcException("missing resource " + root + name);
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
