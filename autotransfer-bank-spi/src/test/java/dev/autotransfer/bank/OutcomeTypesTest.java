package dev.autotransfer.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class OutcomeTypesTest {

    final TransferRequest request = TransferRequestTest.request("123:2026-11-25:1", Money.krw(10_000), "rent");

    @Test
    void an_exact_echo_has_no_mismatches() {
        TransferOutcome.Accepted accepted = TransferOutcome.Accepted.echoing(request, "TX-1");

        assertThat(accepted.echoMismatches(request)).isEmpty();
        assertThat(accepted.echoes(request)).isTrue();
    }

    @Test
    void echo_mismatches_name_each_differing_field_with_masked_accounts() {
        AccountRef otherSource = AccountRef.of("004", "5555666677778888");
        AccountRef otherDestination = AccountRef.of("088", "1111222233334444");
        TransferOutcome.Accepted accepted = new TransferOutcome.Accepted("TX-1", "123:2026-11-25:2", otherSource,
                otherDestination, Money.krw(10_001));

        assertThat(accepted.echoMismatches(request)).containsExactly(
                "idempotencyKey: sent 123:2026-11-25:1, echoed 123:2026-11-25:2",
                "source: sent 004/****7788, echoed 004/****8888",
                "destination: sent 088/****4433, echoed 088/****4444",
                "amount: sent 10000 KRW, echoed 10001 KRW");
    }

    @Test
    void a_currency_echoed_differently_is_named_as_currency() {
        TransferOutcome.Accepted accepted = new TransferOutcome.Accepted("TX-1", request.idempotencyKey(),
                request.source(), request.destination(), Money.of(10_000, "USD"));

        assertThat(accepted.echoMismatches(request)).containsExactly("currency: sent KRW, echoed USD");
    }

    @Test
    void an_accepted_answer_needs_a_transaction_id() {
        assertThatThrownBy(() -> TransferOutcome.Accepted.echoing(request, " "))
                .hasMessageContaining("externalTransactionId ' '");
    }

    @Test
    void rejection_kinds_say_whether_the_key_is_closed_and_the_breaker_counts_it() {
        assertThat(RejectionCode.INSUFFICIENT_FUNDS.kind()).isEqualTo(RejectionCode.Kind.BUSINESS);
        assertThat(RejectionCode.ACCOUNT_CLOSED.kind().tripsCircuitBreaker()).isFalse();
        assertThat(RejectionCode.INVALID_ACCOUNT.kind().closesKey()).isTrue();
        assertThat(RejectionCode.REFUSED_UNAVAILABLE.kind().tripsCircuitBreaker()).isTrue();
        assertThat(RejectionCode.REFUSED_UNAVAILABLE.kind().closesKey()).isTrue();
        assertThat(RejectionCode.REFUSED_UNAVAILABLE.code()).isEqualTo("REFUSED_UNAVAILABLE");
        assertThat(RejectionCode.RATE_LIMITED.kind()).isEqualTo(RejectionCode.Kind.NOT_SENT);
        assertThat(RejectionCode.RATE_LIMITED.kind().closesKey()).isFalse();
        assertThat(RejectionCode.REQUEST_EXPIRED.kind().closesKey()).isFalse();
        assertThat(RejectionCode.REQUEST_EXPIRED.kind().tripsCircuitBreaker()).isFalse();
    }

    @Test
    void adapters_may_define_their_own_codes_but_not_malformed_ones() {
        RejectionCode daily = RejectionCode.of("DAILY_LIMIT", RejectionCode.Kind.BUSINESS);

        assertThat(daily).isEqualTo(new RejectionCode("DAILY_LIMIT", RejectionCode.Kind.BUSINESS)).hasToString("DAILY_LIMIT(BUSINESS)");
        assertThatThrownBy(() -> RejectionCode.of("daily limit", RejectionCode.Kind.BUSINESS)).hasMessageContaining("code 'daily limit'");
    }

    @Test
    void an_inquiry_can_only_report_refusals_that_close_the_key() {
        TransferOutcome.Rejected expired = new TransferOutcome.Rejected(RejectionCode.REQUEST_EXPIRED, false, "old");
        TransferOutcome.Rejected closed = new TransferOutcome.Rejected(RejectionCode.ACCOUNT_CLOSED, false, "closed");

        assertThatThrownBy(() -> new InquiryResult.Rejected(expired)).hasMessageContaining("REQUEST_EXPIRED(EXPIRED)");
        assertThat(new InquiryResult.Rejected(closed).isDefinitive()).isTrue();
        assertThat(new InquiryResult.NotFound().isDefinitive()).isFalse();
        assertThat(new InquiryResult.InProgress().isDefinitive()).isFalse();
        assertThat(new InquiryResult.Unavailable("down").isDefinitive()).isFalse();
    }

    @Test
    void a_fixed_retention_expires_its_duration_after_the_first_send() {
        KeyRetention retention = KeyRetention.of(Duration.ofHours(24));
        Instant first = Instant.parse("2026-11-25T10:00:00Z");

        assertThat(retention.expiresAt(first)).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(retention.isExpired(first, Instant.parse("2026-11-26T09:59:59Z"))).isFalse();
        assertThat(retention.isExpired(first, Instant.parse("2026-11-26T10:00:00Z"))).isTrue();
        assertThatThrownBy(() -> KeyRetention.of(Duration.ZERO)).hasMessageContaining("was PT0S");
        assertThatThrownBy(() -> KeyRetention.of(Duration.ofDays(4000))).hasMessageContaining("PT96000H");
    }

    @Test
    void a_per_day_retention_expires_at_the_next_midnight_in_the_banks_zone() {
        KeyRetention retention = KeyRetention.perCalendarDay(ZoneId.of("Asia/Seoul"));

        assertThat(retention.expiresAt(Instant.parse("2026-11-25T14:59:59Z"))).isEqualTo(Instant.parse("2026-11-25T15:00:00Z"));
        assertThat(retention.expiresAt(Instant.parse("2026-11-25T15:00:00Z"))).isEqualTo(Instant.parse("2026-11-26T15:00:00Z"));
    }

    @Test
    void terms_need_a_positive_quota() {
        assertThat(new BankTerms(KeyRetention.of(Duration.ofHours(1)), 20).requestsPerSecond()).isEqualTo(20);
        assertThatThrownBy(() -> new BankTerms(KeyRetention.of(Duration.ofHours(1)), 0))
                .hasMessage("requestsPerSecond must be positive (requests per second), was 0");
    }
}
