package dev.autotransfer.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.ExecutedDebit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebitCheckTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void each_schedule_debited_once_under_the_installation_prefix_passes() {
        DebitCheck check = DebitCheck.of(List.of(debit("k3x9-7:2026-11-25:1"), debit("k3x9-8:2026-11-25:2")),
                new long[] {7, 8}, TODAY);

        assertThat(check).isEqualTo(new DebitCheck(2, 2, 0, 0, 0));
        assertThat(check.ok()).isTrue();
    }

    @Test
    void a_schedule_debited_under_two_keys_is_a_double_and_an_undebited_one_is_missing() {
        DebitCheck check = DebitCheck.of(List.of(debit("7:2026-11-25:1"), debit("7:2026-11-25:2")),
                new long[] {7, 8}, TODAY);

        assertThat(check.debitedTwice()).isEqualTo(1);
        assertThat(check.missing()).isEqualTo(1);
        assertThat(check.ok()).isFalse();
    }

    @Test
    void a_debit_of_another_date_or_of_no_loaded_schedule_is_unexpected() {
        DebitCheck check = DebitCheck.of(List.of(debit("7:2026-11-25:1"), debit("7:2026-12-25:1"), debit("9:2026-11-25:1")),
                new long[] {7}, TODAY);

        assertThat(check.unexpected()).isEqualTo(2);
        assertThat(check.ok()).isFalse();
    }

    @Test
    void the_schedule_is_read_from_the_digits_before_the_date() {
        assertThat(DebitCheck.scheduleOf("inst-42:2026-11-25", TODAY)).isEqualTo(42L);
        assertThat(DebitCheck.scheduleOf("42:2026-11-25", TODAY)).isEqualTo(42L);
        assertThat(DebitCheck.scheduleOf("eu:42:2026-11-25", TODAY)).isEqualTo(42L);
        assertThat(DebitCheck.scheduleOf("x:2026-11-25", TODAY)).isNull();
        assertThat(DebitCheck.scheduleOf("42:2026-11-24", TODAY)).isNull();
    }

    private static ExecutedDebit debit(String key) {
        return new ExecutedDebit(key, AccountRef.of("BANK_Q", "110-0000-000001"), AccountRef.of("OTHER", "990-0000-000001"),
                Money.krw(1_000), Instant.parse("2026-11-25T00:30:00Z"), "BANK_Q-00000001");
    }
}
