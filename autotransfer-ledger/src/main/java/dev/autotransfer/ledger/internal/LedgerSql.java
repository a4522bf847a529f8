package dev.autotransfer.ledger.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Loads the ledger's statements, one per {@code .sql} resource under {@code dev/autotransfer/ledger/sql/},
 * as autotransfer-jdbc loads its own: {@code sql/<dialect>/<name>} overrides {@code sql/<name>} where a
 * dialect differs, full-line {@code --} comments are removed (a colon in a comment is never taken for a
 * named bind), values travel only as named binds. Not API. Cached; thread-safe.
 */
public final class LedgerSql {

    private static final String ROOT = "dev/autotransfer/ledger/sql/";
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private LedgerSql() {
    }

    /** The statement {@code name} (for example {@code pull/insert.sql}) for the dialect. */
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
        try (InputStream in = LedgerSql.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoTransferJdbcException("cannot read resource " + path, e);
        }
    }
}
