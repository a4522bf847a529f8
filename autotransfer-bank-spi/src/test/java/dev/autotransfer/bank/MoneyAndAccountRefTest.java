package dev.autotransfer.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyAndAccountRefTest {

    @Test
    void arithmetic_is_exact_and_refuses_to_overflow() {
        assertThat(Money.krw(7).plus(Money.krw(5))).isEqualTo(Money.krw(12));
        assertThat(Money.krw(7).minus(Money.krw(9))).isEqualTo(Money.krw(-2));
        assertThatThrownBy(() -> Money.krw(Long.MAX_VALUE).plus(Money.krw(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.krw(Long.MIN_VALUE).minus(Money.krw(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Money.krw(Long.MIN_VALUE).negate()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void currencies_never_mix() {
        assertThatThrownBy(() -> Money.krw(1).plus(Money.of(1, "USD")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("cannot combine KRW with USD");
        assertThatThrownBy(() -> Money.krw(1).compareTo(Money.of(1, "USD"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimals_follow_the_currency() {
        assertThat(Money.parse("12.34", "USD")).isEqualTo(Money.of(1234, "USD"));
        assertThat(Money.parse("12.30", "USD").toString()).isEqualTo("12.30 USD");
        assertThat(Money.parse("10000", "KRW")).isEqualTo(Money.krw(10_000));
        assertThat(Money.parse("1.000", "KWD").minorUnits()).isEqualTo(1000);
        assertThat(Money.ofMajor(new BigDecimal("5.00"), Money.KRW)).isEqualTo(Money.krw(5));
        assertThatThrownBy(() -> Money.parse("1.5", "KRW")).hasMessageContaining("1.5").hasMessageContaining("KRW");
        assertThatThrownBy(() -> Money.parse("1.234", "USD")).hasMessageContaining("more decimals");
        assertThatThrownBy(() -> Money.parse("abc", "USD")).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> Money.parse("1", "XYZ1")).hasMessageContaining("'XYZ1'");
        assertThatThrownBy(() -> Money.parse("99999999999999999999", "KRW")).hasMessageContaining("does not fit");
    }

    @Test
    void account_numbers_are_masked_to_their_last_four_characters() {
        AccountRef account = AccountRef.of("004", "1002-3344-5566");

        assertThat(account.toString()).isEqualTo("004/****5566");
        assertThat(account.maskedNumber()).isEqualTo("****5566");
        assertThat(AccountRef.mask("12345")).isEqualTo("****5");
        assertThat(AccountRef.mask(null)).isEqualTo("null");
    }

    @Test
    void bad_account_numbers_are_refused_without_printing_them_whole() {
        assertThatThrownBy(() -> AccountRef.of("004", "1234 5678 9012"))
                .hasMessageContaining("accountNumber").hasMessageNotContaining("1234 5678 9012");
        assertThatThrownBy(() -> AccountRef.of("kb", "12345678")).hasMessageContaining("bankCode 'kb'");
    }
}
