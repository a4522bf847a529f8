package dev.autotransfer.jdbc;

import dev.autotransfer.jdbc.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;

/** A run store and fixed times for the run store tests. */
final class Runs {

    /** The business date the tests run. */
    static final LocalDate DAY = LocalDate.of(2026, 11, 15);
    /** The first instant of the tests. */
    static final Instant NOW = TestDatabase.NOW;

    private Runs() {
    }

    /** A store on the application role. */
    static JdbcRunStore store(TestDatabase db) {
        return JdbcRunStore.builder(db.appDataSource()).dialect(db.dialect()).build();
    }

    /** NOW plus some seconds. */
    static Instant at(long seconds) {
        return NOW.plusSeconds(seconds);
    }

    static long count(TestDatabase db, String table) {
        return db.appJdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }
}
