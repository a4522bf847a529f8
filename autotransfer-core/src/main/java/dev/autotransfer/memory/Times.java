package dev.autotransfer.memory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants as the JDBC stores keep them: to the microsecond, so both read back the same values. */
final class Times {

    private Times() {
    }

    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
