package dev.autotransfer.calendar;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One closed day in a holiday table: its date, kind, name, and where the date comes from.
 *
 * <p>Immutable and thread-safe.
 *
 * @param date the date banks are closed
 * @param kind why they are closed
 * @param status how firm the date is
 * @param name a human-readable name, for example {@code "설날 (Seollal)"}
 * @param source where the date comes from; empty when the table's default source applies
 */
public record Holiday(LocalDate date, HolidayKind kind, Status status, String name, String source) {

    /** How firm a holiday date is. */
    public enum Status {
        /** Published by the government (월력요항 in the official gazette, a law or a cabinet decision). */
        OFFICIAL,
        /** Computed from the statutes and the official lunar tables, not yet in a published 월력요항. */
        DERIVED,
        /** Depends on a rule not yet in force; check before relying on it. */
        PROVISIONAL
    }

    /** Validates every field. */
    public Holiday {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name of the holiday on " + date + " must not be blank");
        }
    }
}
