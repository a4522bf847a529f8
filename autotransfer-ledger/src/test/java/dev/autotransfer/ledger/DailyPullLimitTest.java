package dev.autotransfer.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daily limit on pulls, as the ledger's domain decides it (no database). */
class DailyPullLimitTest {

    private static final Customer SEOUL = new Customer(7, "c-7", ZoneId.of("Asia/Seoul"), Money.krw(1_000_000),
            AccountRef.of("BANK_A", "110-0000-0007"), 70, Instant.parse("2026-11-01T00:00:00Z"));
    private static final DailyPullLimit LIMIT = DailyPullLimit.of(SEOUL);

    @Test
    void pending_and_complete_pulls_use_the_limit_and_failed_ones_release_it() {
        Money used = LIMIT.used(Map.of(PullStatus.PENDING, Money.krw(300_000), PullStatus.COMPLETE,
                Money.krw(200_000), PullStatus.FAILED, Money.krw(900_000)));

        assertThat(used).isEqualTo(Money.krw(500_000));
        assertThat(LIMIT.used(Map.of())).isEqualTo(Money.krw(0));
    }

    @Test
    void a_pull_fits_up_to_exactly_the_limit() {
        assertThat(LIMIT.fits(Money.krw(600_000), Money.krw(400_000))).isTrue();
        assertThat(LIMIT.fits(Money.krw(600_000), Money.krw(400_001))).isFalse();
        assertThat(new DailyPullLimit(8, Money.krw(0)).fits(Money.krw(0), Money.krw(1))).isFalse();
    }

    @Test
    void a_pull_over_the_limit_is_refused_with_what_was_used() {
        LocalDate day = LocalDate.of(2026, 11, 25);

        assertThatThrownBy(() -> LIMIT.requireFits(day, Money.krw(900_000), Money.krw(200_000)))
                .isInstanceOfSatisfying(DailyLimitExceededException.class, e -> {
                    assertThat(e.customerId()).isEqualTo(7);
                    assertThat(e.businessDate()).isEqualTo(day);
                    assertThat(e.limit()).isEqualTo(Money.krw(1_000_000));
                    assertThat(e.used()).isEqualTo(Money.krw(900_000));
                    assertThat(e.requested()).isEqualTo(Money.krw(200_000));
                });
    }

    @Test
    void the_business_date_is_the_calendar_day_in_the_customers_zone() {
        // 15:30 UTC on the 24th is 00:30 on the 25th in Seoul
        assertThat(DailyPullLimit.businessDate(SEOUL, Instant.parse("2026-11-24T15:30:00Z")))
                .isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(DailyPullLimit.businessDate(SEOUL, Instant.parse("2026-11-24T14:59:59Z")))
                .isEqualTo(LocalDate.of(2026, 11, 24));
    }

    @Test
    void a_negative_limit_is_refused_naming_the_field() {
        assertThatThrownBy(() -> new DailyPullLimit(7, Money.krw(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    }
}
