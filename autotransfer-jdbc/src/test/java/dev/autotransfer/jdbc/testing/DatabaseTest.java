package dev.autotransfer.jdbc.testing;

import dev.autotransfer.jdbc.api.Dialect;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method once per database (H2, PostgreSQL, MariaDB), each time with a fresh, isolated
 * schema handed in as a {@link TestDatabase} parameter.
 *
 * <p>PostgreSQL and MariaDB come from {@code AUTOTRANSFER_TEST_POSTGRES_URL} and
 * {@code AUTOTRANSFER_TEST_MARIADB_URL}, else from Testcontainers when Docker is available, else
 * the invocation is skipped; with {@code CI=true} a missing or unreachable database fails instead.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(DatabaseTestExtension.class)
public @interface DatabaseTest {

    /** Whether the schema is installed before the test (false: the test gets an empty schema). */
    boolean installSchema() default true;

    /**
     * The databases the test is about; a test of something only some databases have (partitions,
     * multi-node claiming) names them here and is not generated for the others, rather than skipped.
     */
    Dialect[] dialects() default {Dialect.H2, Dialect.POSTGRESQL, Dialect.MARIADB};
}
