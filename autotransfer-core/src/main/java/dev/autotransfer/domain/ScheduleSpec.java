package dev.autotransfer.domain;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.calendar.HolidayCalendar;
import dev.autotransfer.calendar.HolidayCalendarRegistry;
import dev.autotransfer.calendar.KoreanBankCalendar;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a caller submits to create a standing order: who pays whom, how much, and when.
 *
 * <p>Creation is idempotent by {@code clientReference}: submitting a spec whose reference already
 * exists returns the existing schedule when {@link #sameContentAs} holds and is rejected otherwise
 * ({@link #differencesFrom} names the fields that differ). Build one with {@link #builder()}, which
 * supplies the defaults: memo empty, priority {@link Priority#P1}, zone {@link #DEFAULT_ZONE},
 * business-day rule {@link BusinessDayRule#NEXT}, calendar {@value KoreanBankCalendar#ID},
 * catch-up {@link CatchUpPolicy#RUN_ALL_MISSED}. The zone is stored normalized (a fixed-offset
 * region such as {@code "UTC"} becomes its offset), so equal zones compare equal.
 *
 * <p>Immutable and thread-safe; the builder is neither.
 *
 * @param clientReference the caller's unique reference, 1..100 characters without control characters
 * @param source the account debited
 * @param destination the account credited, not the source
 * @param amount the amount of each transfer, positive
 * @param memo text shown to the recipient, 0..100 characters without control characters
 * @param priority the schedule's priority
 * @param recurrence when occurrences fall
 * @param zone the zone in which dates are read
 * @param businessDayRule how a closed nominal date moves
 * @param calendarId the id of the business calendar, 1..64 characters
 * @param catchUpPolicy what happens to occurrences missed during downtime
 */
public record ScheduleSpec(String clientReference, AccountRef source, AccountRef destination, Money amount,
        String memo, Priority priority, Recurrence recurrence, ZoneId zone, BusinessDayRule businessDayRule,
        String calendarId, CatchUpPolicy catchUpPolicy) {

    /** The default zone, Asia/Seoul. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Seoul");

    /** Validates every field; messages name the field and the value (account numbers masked). */
    public ScheduleSpec {
        text("clientReference", clientReference, 1, 100);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source.equals(destination)) {
            throw new IllegalArgumentException("destination must differ from source, both were " + source);
        }
        Objects.requireNonNull(amount, "amount").requirePositive("amount");
        text("memo", memo, 0, 100);
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(recurrence, "recurrence");
        zone = Objects.requireNonNull(zone, "zone").normalized();
        Objects.requireNonNull(businessDayRule, "businessDayRule");
        text("calendarId", calendarId, 1, 64);
        Objects.requireNonNull(catchUpPolicy, "catchUpPolicy");
    }

    private static void text(String field, String value, int min, int max) {
        Objects.requireNonNull(value, field);
        if (value.length() < min || value.length() > max) {
            throw new IllegalArgumentException(field + " must be " + min + ".." + max + " characters, was "
                    + value.length() + ": '" + value + "'");
        }
        if (min > 0 && value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was '" + value + "'");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " must not hold control characters, was '"
                    + value.replaceAll("\\p{Cntrl}", "?") + "'");
        }
    }

    /** A builder with the defaults filled in. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values, for an edit. */
    public Builder toBuilder() {
        return new Builder().clientReference(clientReference).source(source).destination(destination)
                .amount(amount).memo(memo).priority(priority).recurrence(recurrence).zone(zone)
                .businessDayRule(businessDayRule).calendarId(calendarId).catchUpPolicy(catchUpPolicy);
    }

    /** Whether a create with this spec repeats the create of {@code other} (every field equal). */
    public boolean sameContentAs(ScheduleSpec other) {
        return equals(Objects.requireNonNull(other, "other"));
    }

    /** The names of the fields whose values differ from {@code other}'s, in declaration order. */
    public List<String> differencesFrom(ScheduleSpec other) {
        Objects.requireNonNull(other, "other");
        List<String> fields = new ArrayList<>();
        differ(fields, "clientReference", clientReference, other.clientReference);
        differ(fields, "source", source, other.source);
        differ(fields, "destination", destination, other.destination);
        differ(fields, "amount", amount, other.amount);
        differ(fields, "memo", memo, other.memo);
        differ(fields, "priority", priority, other.priority);
        differ(fields, "recurrence", recurrence, other.recurrence);
        differ(fields, "zone", zone, other.zone);
        differ(fields, "businessDayRule", businessDayRule, other.businessDayRule);
        differ(fields, "calendarId", calendarId, other.calendarId);
        differ(fields, "catchUpPolicy", catchUpPolicy, other.catchUpPolicy);
        return fields;
    }

    private static void differ(List<String> fields, String name, Object mine, Object theirs) {
        if (!mine.equals(theirs)) {
            fields.add(name);
        }
    }

    /** The execution timing of this spec with its calendar from the registry, starting at midnight. */
    public ExecutionTiming executionTiming(HolidayCalendarRegistry calendars) {
        HolidayCalendar calendar = Objects.requireNonNull(calendars, "calendars").get(calendarId);
        return ExecutionTiming.of(zone, calendar, businessDayRule);
    }

    /**
     * Builds a {@link ScheduleSpec}; the required fields are client reference, source, destination,
     * amount and recurrence. Not thread-safe; {@link #build()} validates.
     */
    public static final class Builder {
        private String clientReference;
        private AccountRef source;
        private AccountRef destination;
        private Money amount;
        private String memo = "";
        private Priority priority = Priority.P1;
        private Recurrence recurrence;
        private ZoneId zone = DEFAULT_ZONE;
        private BusinessDayRule businessDayRule = BusinessDayRule.NEXT;
        private String calendarId = KoreanBankCalendar.ID;
        private CatchUpPolicy catchUpPolicy = CatchUpPolicy.RUN_ALL_MISSED;

        private Builder() {
        }

        /** Sets the client reference (required). */
        public Builder clientReference(String value) {
            this.clientReference = value;
            return this;
        }

        /** Sets the debited account (required). */
        public Builder source(AccountRef value) {
            this.source = value;
            return this;
        }

        /** Sets the credited account (required). */
        public Builder destination(AccountRef value) {
            this.destination = value;
            return this;
        }

        /** Sets the amount (required, positive). */
        public Builder amount(Money value) {
            this.amount = value;
            return this;
        }

        /** Sets the memo (default empty). */
        public Builder memo(String value) {
            this.memo = value;
            return this;
        }

        /** Sets the priority (default P1). */
        public Builder priority(Priority value) {
            this.priority = value;
            return this;
        }

        /** Sets the recurrence (required). */
        public Builder recurrence(Recurrence value) {
            this.recurrence = value;
            return this;
        }

        /** Sets the zone (default Asia/Seoul). */
        public Builder zone(ZoneId value) {
            this.zone = value;
            return this;
        }

        /** Sets the business-day rule (default NEXT). */
        public Builder businessDayRule(BusinessDayRule value) {
            this.businessDayRule = value;
            return this;
        }

        /** Sets the calendar id (default kr-bank). */
        public Builder calendarId(String value) {
            this.calendarId = value;
            return this;
        }

        /** Sets the catch-up policy (default RUN_ALL_MISSED). */
        public Builder catchUpPolicy(CatchUpPolicy value) {
            this.catchUpPolicy = value;
            return this;
        }

        /** Validates and builds the spec. */
        public ScheduleSpec build() {
            return new ScheduleSpec(clientReference, source, destination, amount, memo, priority, recurrence,
                    zone, businessDayRule, calendarId, catchUpPolicy);
        }
    }
}
