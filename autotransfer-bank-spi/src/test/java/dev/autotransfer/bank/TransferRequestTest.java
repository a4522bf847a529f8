package dev.autotransfer.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransferRequestTest {

    static final AccountRef SOURCE = AccountRef.of("004", "1002334455667788");
    static final AccountRef DESTINATION = AccountRef.of("088", "99887766554433");
    static final Instant CREATED = Instant.parse("2026-11-25T00:00:00Z");

    static TransferRequest request(String key, Money amount, String memo) {
        return new TransferRequest(key, SOURCE, DESTINATION, amount, memo, CREATED);
    }

    @Test
    void a_valid_request_keeps_its_fields() {
        TransferRequest request = request("123:2026-11-25:1", Money.krw(10_000), "");

        assertThat(request.idempotencyKey()).isEqualTo("123:2026-11-25:1");
        assertThat(request.amount()).isEqualTo(Money.krw(10_000));
        assertThat(request.memo()).isEmpty();
    }

    @Test
    void keys_of_1_and_80_allowed_characters_are_valid() {
        assertThat(request("a", Money.krw(1), "").idempotencyKey()).hasSize(1);
        assertThat(request("A-z_0:9".repeat(11) + "abc", Money.krw(1), "").idempotencyKey()).hasSize(80);
    }

    @Test
    void a_bad_key_is_refused_naming_the_field_and_the_value() {
        assertThatThrownBy(() -> request("has space", Money.krw(1), ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idempotencyKey").hasMessageContaining("'has space'");
        assertThatThrownBy(() -> request("", Money.krw(1), "")).hasMessageContaining("idempotencyKey ''");
        assertThatThrownBy(() -> request("k".repeat(81), Money.krw(1), "")).hasMessageContaining("length 81");
        assertThatThrownBy(() -> request("key/1", Money.krw(1), "")).hasMessageContaining("'key/1'");
    }

    @Test
    void a_non_positive_amount_is_refused_naming_the_field_and_the_value() {
        assertThatThrownBy(() -> request("k1", Money.krw(0), ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("amount must be positive, was 0 KRW");
        assertThatThrownBy(() -> request("k1", Money.of(-150, "USD"), "")).hasMessage("amount must be positive, was -1.50 USD");
    }

    @Test
    void a_memo_over_100_characters_is_refused_and_100_are_fine() {
        assertThat(request("k1", Money.krw(1), "m".repeat(100)).memo()).hasSize(100);
        assertThatThrownBy(() -> request("k1", Money.krw(1), "m".repeat(101)))
                .hasMessageContaining("memo").hasMessageContaining("length 101");
    }

    @Test
    void missing_fields_are_named() {
        assertThatThrownBy(() -> new TransferRequest("k1", null, DESTINATION, Money.krw(1), "", CREATED)).hasMessage("source");
        assertThatThrownBy(() -> new TransferRequest("k1", SOURCE, DESTINATION, Money.krw(1), null, CREATED)).hasMessage("memo");
        assertThatThrownBy(() -> new TransferRequest("k1", SOURCE, DESTINATION, Money.krw(1), "", null)).hasMessage("createdAt");
        assertThatThrownBy(() -> new TransferRequest(null, SOURCE, DESTINATION, Money.krw(1), "", CREATED)).hasMessage("idempotencyKey");
    }

    @Test
    void a_transfer_to_the_source_itself_is_refused_with_masked_numbers() {
        assertThatThrownBy(() -> new TransferRequest("k1", SOURCE, SOURCE, Money.krw(1), "", CREATED))
                .hasMessageContaining("004/****7788").hasMessageNotContaining("1002334455667788");
    }

    @Test
    void to_string_never_shows_a_full_account_number() {
        String text = request("k1", Money.krw(5), "rent").toString();

        assertThat(text).contains("004/****7788", "088/****4433", "k1", "5 KRW", "rent")
                .doesNotContain("1002334455667788", "99887766554433");
    }

    @Test
    void same_body_ignores_the_creation_instant_but_not_the_money() {
        TransferRequest request = request("k1", Money.krw(5), "rent");

        assertThat(request.hasSameBodyAs(request.withCreatedAt(CREATED.plusSeconds(60)))).isTrue();
        assertThat(request.hasSameBodyAs(request("k1", Money.krw(6), "rent"))).isFalse();
        assertThat(request.hasSameBodyAs(request("k1", Money.of(5, "USD"), "rent"))).isFalse();
        assertThat(request.hasSameBodyAs(request("k1", Money.krw(5), "other"))).isFalse();
        assertThat(request.hasSameBodyAs(request("k2", Money.krw(5), "rent"))).isFalse();
    }
}
