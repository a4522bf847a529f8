package dev.autotransfer.client;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.ScheduleSpec;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The fields a user may change on a stored schedule; every field left unset keeps its value.
 *
 * <p>Editable: amount, memo, destination account, priority, and the recurrence's limit (an end date,
 * a number of occurrences, or none). The source account, the client reference and the rest of the
 * recurrence (start, frequency, day) cannot be edited: a different rhythm is a different standing
 * order, so cancel the schedule and create a new one. An edit takes effect from the first
 * occurrence not yet opened; an attempt already open is resolved with the request it recorded.
 * Build one with {@link #builder()}; at least one field must be set. Immutable and thread-safe; the
 * builder is neither.
 *
 * @param amount the new amount, or null to keep it
 * @param memo the new memo, or null to keep it
 * @param destination the new destination account, or null to keep it
 * @param priority the new priority, or null to keep it
 * @param limit the new recurrence limit, or null to keep it
 */
public record ScheduleEdit(Money amount, String memo, AccountRef destination, Priority priority, Limit limit) {

    /** Checks that something changes and that the amount, if given, is positive. */
    public ScheduleEdit {
        if (amount == null && memo == null && destination == null && priority == null && limit == null) {
            throw new IllegalArgumentException("an edit must change at least one of amount, memo, destination, "
                    + "priority, limit");
        }
        if (amount != null) {
            amount.requirePositive("amount");
        }
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The names of the fields this edit sets, in declaration order. */
    public List<String> fields() {
        List<String> names = new ArrayList<>();
        if (amount != null) {
            names.add("amount");
        }
        if (memo != null) {
            names.add("memo");
        }
        if (destination != null) {
            names.add("destination");
        }
        if (priority != null) {
            names.add("priority");
        }
        if (limit != null) {
            names.add("limit");
        }
        return names;
    }

    /**
     * The spec after this edit; the spec's own validation applies (for example the destination must
     * differ from the source).
     *
     * @throws IllegalArgumentException naming the field whose new value is refused
     */
    public ScheduleSpec applyTo(ScheduleSpec spec) {
        ScheduleSpec.Builder builder = Objects.requireNonNull(spec, "spec").toBuilder();
        if (amount != null) {
            builder.amount(amount);
        }
        if (memo != null) {
            builder.memo(memo);
        }
        if (destination != null) {
            builder.destination(destination);
        }
        if (priority != null) {
            builder.priority(priority);
        }
        if (limit != null) {
            builder.recurrence(limit.applyTo(spec.recurrence()));
        }
        return builder.build();
    }

    /**
     * A recurrence's limit: an end date, a number of occurrences, or none. Immutable and thread-safe.
     *
     * @param endDate the last date an occurrence may fall on, or null
     * @param occurrences the number of occurrences, or null
     */
    public record Limit(LocalDate endDate, Integer occurrences) {

        /** Checks that at most one limit is given and that a count is at least 1. */
        public Limit {
            if (endDate != null && occurrences != null) {
                throw new IllegalArgumentException("give endDate (" + endDate + ") or occurrences (" + occurrences
                        + "), not both");
            }
            if (occurrences != null && occurrences < 1) {
                throw new IllegalArgumentException("occurrences must be at least 1, was " + occurrences);
            }
        }

        /** Occurrences fall on or before the date. */
        public static Limit endDate(LocalDate date) {
            return new Limit(Objects.requireNonNull(date, "endDate"), null);
        }

        /** Exactly {@code count} occurrences, counted from the first. */
        public static Limit occurrences(int count) {
            return new Limit(null, count);
        }

        /** No limit: the schedule runs until cancelled. */
        public static Limit none() {
            return new Limit(null, null);
        }

        /** The recurrence with this limit instead of its own. */
        public Recurrence applyTo(Recurrence recurrence) {
            return new Recurrence(recurrence.start(), recurrence.frequency(), endDate, occurrences);
        }
    }

    /** Builds a {@link ScheduleEdit}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private Money amount;
        private String memo;
        private AccountRef destination;
        private Priority priority;
        private Limit limit;

        private Builder() {
        }

        /** Sets the new amount (positive). */
        public Builder amount(Money value) {
            this.amount = Objects.requireNonNull(value, "amount");
            return this;
        }

        /** Sets the new memo (0..100 characters; empty clears it). */
        public Builder memo(String value) {
            this.memo = Objects.requireNonNull(value, "memo");
            return this;
        }

        /** Sets the new destination account. */
        public Builder destination(AccountRef value) {
            this.destination = Objects.requireNonNull(value, "destination");
            return this;
        }

        /** Sets the new priority; the schedule's pending work items move to it too. */
        public Builder priority(Priority value) {
            this.priority = Objects.requireNonNull(value, "priority");
            return this;
        }

        /** Sets the last date an occurrence may fall on (replaces any count). */
        public Builder endDate(LocalDate value) {
            this.limit = Limit.endDate(value);
            return this;
        }

        /** Sets the number of occurrences (replaces any end date). */
        public Builder maxOccurrences(int value) {
            this.limit = Limit.occurrences(value);
            return this;
        }

        /** Removes the end date or count: the schedule runs until cancelled. */
        public Builder noLimit() {
            this.limit = Limit.none();
            return this;
        }

        /** Validates and builds the edit. */
        public ScheduleEdit build() {
            return new ScheduleEdit(amount, memo, destination, priority, limit);
        }
    }
}
