package dev.autotransfer.ledger.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.jdbc.api.Dialect;
import dev.autotransfer.jdbc.SchemaInstaller;
import dev.autotransfer.ledger.internal.LedgerSql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where the ledger's tables live (docs/architecture.md, "The ledger module"): in autotransfer-jdbc's
 * migration chain, installed by its {@link SchemaInstaller}, while only this module's statements read
 * or write them. Fails when a ledger statement names a table the jdbc install does not create, or when
 * a jdbc statement starts using a ledger table.
 */
class LedgerTablesTest {

    private static final Set<String> LEDGER_TABLES = Set.of("at_customer", "at_account", "at_movement",
            "at_ledger_entry", "at_hold", "at_pull", "at_ledger_transfer");
    private static final Pattern TABLE = Pattern.compile("\\bat_[a-z_]+\\b");
    private static final Pattern CREATED = Pattern.compile("(?i)CREATE TABLE (at_[a-z_]+)");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void every_table_of_the_ledgers_statements_is_created_by_the_jdbc_install(Dialect dialect) {
        Set<String> created = new TreeSet<>();
        Matcher creates = CREATED.matcher(SchemaInstaller.script(dialect, YearMonth.of(2026, 11), YearMonth.of(2026, 12)));
        while (creates.find()) {
            created.add(creates.group(1).toLowerCase(Locale.ROOT));
        }
        // a per-dialect override is loaded through its base name
        List<String> statements = sqlFiles(LedgerSql.class, "dev/autotransfer/ledger/sql").stream()
                .map(name -> name.replaceFirst("^(h2|postgresql|mariadb)/", "")).distinct().toList();
        assertThat(statements).hasSizeGreaterThan(40);

        Set<String> used = new TreeSet<>();
        for (String name : statements) {
            used.addAll(tables(LedgerSql.get(dialect, name)));
        }
        assertThat(used).isEqualTo(LEDGER_TABLES);
        assertThat(created).containsAll(LEDGER_TABLES);
    }

    @Test
    void no_statement_of_the_jdbc_stores_names_a_ledger_table() {
        List<String> statements = sqlFiles(SchemaInstaller.class, "dev/autotransfer/jdbc/sql");
        assertThat(statements).isNotEmpty();
        for (String name : statements) {
            assertThat(tables(read(SchemaInstaller.class, "dev/autotransfer/jdbc/sql/" + name)))
                    .as("tables of jdbc statement %s", name).doesNotContainAnyElementsOf(LEDGER_TABLES);
        }
    }

    private static Set<String> tables(String sql) {
        Set<String> tables = new TreeSet<>();
        Matcher matcher = TABLE.matcher(sql);
        while (matcher.find()) {
            tables.add(matcher.group());
        }
        return tables;
    }

    /** The {@code .sql} resources under {@code root} in the jar or directory that holds {@code anchor}, relative to root. */
    private static List<String> sqlFiles(Class<?> anchor, String root) {
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                return list(location.resolve(root));
            }
            try (FileSystem jar = FileSystems.newFileSystem(location)) {
                return list(jar.getPath(root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".sql"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private static String read(Class<?> anchor, String path) {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(path)) {
            return new String(Objects.requireNonNull(in, path).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
