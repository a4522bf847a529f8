package dev.autotransfer.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.autotransfer.ScheduleConflictException;
import dev.autotransfer.bank.Money;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.jdbc.Concurrently.Outcome;
import dev.autotransfer.jdbc.testing.DatabaseTest;
import dev.autotransfer.jdbc.testing.TestDatabase;
import java.util.List;

/** Registration is idempotent by client reference, also when callers race (the schedule client's contract). */
class ScheduleRegistrationIdempotencyTest {

    private static final int THREADS = 8;

    @DatabaseTest
    void registering_the_same_spec_twice_returns_the_same_schedule_and_writes_once(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);
        ScheduleSpec spec = Specs.rent("rent-2026").build();

        Schedule first = store.create(spec, Specs.AUDIT);
        Schedule second = store.create(Specs.rent("rent-2026").build(), Specs.AUDIT);

        assertThat(second).isEqualTo(first);
        assertThat(Specs.count(db, "at_schedule")).isEqualTo(1);
        assertThat(Specs.count(db, "at_work_item")).isEqualTo(1);
    }

    @DatabaseTest
    void the_same_reference_with_another_amount_is_refused_naming_amount_and_the_reference(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);
        Schedule original = store.create(Specs.rent("rent-2026").build(), Specs.AUDIT);

        ScheduleConflictException conflict = catchThrowableOfType(ScheduleConflictException.class,
                () -> store.create(Specs.rent("rent-2026").amount(Money.krw(160_000)).build(), Specs.AUDIT));

        assertThat(conflict.differingFields()).containsExactly("amount");
        assertThat(conflict.clientReference()).isEqualTo("rent-2026");
        assertThat(conflict.existingScheduleId()).isEqualTo(original.id());
        assertThat(conflict.getMessage()).contains("rent-2026", "amount", String.valueOf(original.id()))
                .doesNotContain(Specs.SOURCE.accountNumber(), Specs.DESTINATION.accountNumber(), "150000", "160000");
        assertThat(store.find(original.id())).contains(original);
        assertThat(Specs.count(db, "at_schedule")).isEqualTo(1);
        assertThat(Specs.count(db, "at_work_item")).isEqualTo(1);
    }

    @DatabaseTest
    void a_conflict_names_every_differing_field_in_declaration_order(TestDatabase db) {
        JdbcScheduleClient store = Specs.store(db);
        store.create(Specs.rent("rent-2026").build(), Specs.AUDIT);

        ScheduleConflictException conflict = catchThrowableOfType(ScheduleConflictException.class,
                () -> store.create(Specs.rent("rent-2026").memo("rent, December").destination(Specs.SOURCE)
                        .source(Specs.DESTINATION).build(), Specs.AUDIT));

        assertThat(conflict.differingFields()).containsExactly("source", "destination", "memo");
        assertThat(conflict.getMessage()).doesNotContain(Specs.SOURCE.accountNumber(), Specs.DESTINATION.accountNumber());
    }

    @DatabaseTest
    void eight_concurrent_registers_of_one_reference_create_one_schedule_and_all_get_its_id(TestDatabase db)
            throws InterruptedException {
        JdbcScheduleClient store = Specs.store(db);
        ScheduleSpec spec = Specs.rent("payday-race").build();

        List<Outcome<Schedule>> outcomes = Concurrently.run(THREADS, i -> () -> store.create(spec, Specs.AUDIT));

        assertThat(outcomes).extracting(Outcome::failure).containsOnlyNulls();
        assertThat(outcomes).extracting(outcome -> outcome.value().id()).hasSize(THREADS).containsOnly(
                store.findByClientReference("payday-race").orElseThrow().id());
        assertThat(Specs.count(db, "at_schedule")).isEqualTo(1);
        assertThat(Specs.count(db, "at_work_item")).isEqualTo(1);
    }

    @DatabaseTest
    void of_eight_concurrent_registers_with_different_amounts_one_wins_and_seven_are_refused(TestDatabase db)
            throws InterruptedException {
        JdbcScheduleClient store = Specs.store(db);

        List<Outcome<Schedule>> outcomes = Concurrently.run(THREADS,
                i -> () -> store.create(Specs.rent("payday-race").amount(Money.krw(100_000 + i)).build(), Specs.AUDIT));

        Schedule stored = store.findByClientReference("payday-race").orElseThrow();
        assertThat(outcomes).filteredOn(outcome -> outcome.failure() == null).extracting(Outcome::value)
                .containsExactly(stored);
        assertThat(outcomes).filteredOn(outcome -> outcome.failure() != null).extracting(Outcome::failure)
                .hasSize(THREADS - 1)
                .allSatisfy(failure -> assertThat(failure).isInstanceOfSatisfying(ScheduleConflictException.class,
                        conflict -> assertThat(conflict.differingFields()).containsExactly("amount")));
        assertThat(Specs.count(db, "at_schedule")).isEqualTo(1);
        assertThat(Specs.count(db, "at_work_item")).isEqualTo(1);
    }
}
