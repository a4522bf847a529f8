package dev.autotransfer.jdbc.internal;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.jdbc.api.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dialect's {@code .sql} resource split into statements, with its {@code ${name}} placeholders
 * filled in. Not API.
 *
 * <p>Statements are separated by a line holding only {@code -- ;;}, so function and trigger
 * bodies need no SQL parsing. Placeholders are for identifiers and dates only; callers pass
 * values already validated ({@link Identifiers}, {@code LocalDate#toString()}). Values that come
 * from users travel as named binds ({@code :name}) instead, handled by {@link ScriptRunner}.
 * Immutable.
 */
public final class SqlScript {

    /** The line that separates statements, in the resources and in printed script text. */
    public static final String SEPARATOR_LINE = "-- ;;";

    private static final String ROOT = "dev/autotransfer/jdbc/schema/";
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^[ \\t]*-- ;;[ \\t]*$");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+)}");

    private final String name;
    private final List<String> statements;

    private SqlScript(String name, List<String> statements) {
        this.name = name;
        this.statements = List.copyOf(statements);
    }

    /** Loads {@code schema/<dialect>/<fileName>} and fills in every placeholder from {@code values}. */
    public static SqlScript load(Dialect dialect, String fileName, Map<String, String> values) {
        String path = ROOT + dialect.resourceName() + "/" + fileName;
        return parse(path, read(path), values);
    }

    /** Splits and renders script text; {@code name} only labels errors. */
    public static SqlScript parse(String name, String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder rendered = new StringBuilder(text.length());
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(name + ": no value for placeholder ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        List<String> statements = new ArrayList<>();
        for (String part : SEPARATOR.split(rendered)) {
            if (!isBlankOrComment(part)) {
                statements.add(part.strip());
            }
        }
        return new SqlScript(name, statements);
    }

    /** The statements in order, without separators or trailing semicolons. */
    public List<String> statements() {
        return statements;
    }

    /** The resource path or label this script came from. */
    public String name() {
        return name;
    }

    /** The statements as one text for a migration tool; see {@link #toScriptText(List)}. */
    public String toScriptText() {
        return toScriptText(List.of(this));
    }

    /**
     * The statements of the scripts, in order, as one text for a migration tool or a SQL client:
     * each statement ended by {@code ;}, and a {@value #SEPARATOR_LINE} line between two
     * statements. Split at the separator lines, it gives back the statements one by one (each
     * with its {@code ;}), which is safe whatever a statement holds, PL/pgSQL bodies included;
     * {@link #parse} of the text gives back the same statements, each ended by its {@code ;}.
     * Run whole, the separator lines are plain comments.
     */
    public static String toScriptText(List<SqlScript> scripts) {
        StringBuilder text = new StringBuilder();
        for (SqlScript script : scripts) {
            for (String statement : script.statements) {
                if (!text.isEmpty()) {
                    text.append(SEPARATOR_LINE).append('\n');
                }
                text.append(statement);
                // a ';' after a trailing "-- comment" would be part of the comment
                String lastLine = statement.substring(statement.lastIndexOf('\n') + 1);
                text.append(lastLine.contains("--") ? "\n;\n" : ";\n");
            }
        }
        return text.toString();
    }

    private static boolean isBlankOrComment(String part) {
        return part.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("--"));
    }

    private static String read(String path) {
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new AutoTransferJdbcException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AutoTransferJdbcException("cannot read resource " + path, e);
        }
    }
}
