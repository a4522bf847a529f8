package dev.autotransfer.bank;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money: a count of the currency's minor units (won for KRW, cents for USD) and its
 * currency.
 *
 * <p>Arithmetic is exact: it throws {@link ArithmeticException} on overflow instead of wrapping,
 * and refuses to combine two currencies. An amount may be zero or negative (a balance or a
 * difference); use {@link #requirePositive(String)} where a transfer needs a positive amount.
 *
 * <p>Immutable and thread-safe.
 *
 * @param minorUnits the amount in the currency's minor units
 * @param currency the currency, never null
 */
public record Money(long minorUnits, Currency currency) implements Comparable<Money> {

    /** Validates the currency. */
    public Money {
        Objects.requireNonNull(currency, "currency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException(
                    "currency " + currency.getCurrencyCode() + " has no minor unit and cannot be used for money");
        }
    }

    /** Korean won, the default currency of the seeds; it has no minor digits. */
    public static final Currency KRW = Currency.getInstance("KRW");

    /** An amount in minor units of the given ISO 4217 currency code, for example {@code of(10_000, "KRW")}. */
    public static Money of(long minorUnits, String currencyCode) {
        return new Money(minorUnits, currency(currencyCode));
    }

    /** An amount of Korean won. */
    public static Money krw(long won) {
        return new Money(won, KRW);
    }

    /** Zero in the given currency. */
    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /**
     * Parses a decimal amount in major units, for example {@code parse("12.34", "USD")} is 1234 cents.
     *
     * @throws IllegalArgumentException if the text has more decimals than the currency allows, is
     *     not a number, or does not fit in a {@code long} of minor units
     */
    public static Money parse(String amount, String currencyCode) {
        Objects.requireNonNull(amount, "amount");
        Currency currency = currency(currencyCode);
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(amount.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + amount + "' is not a decimal number", e);
        }
        return ofMajor(decimal, currency);
    }

    /**
     * Converts an amount in major units, refusing more decimals than the currency has.
     *
     * @throws IllegalArgumentException if {@code amount} has more fraction digits than the
     *     currency's minor unit, or does not fit in a {@code long} of minor units
     */
    public static Money ofMajor(BigDecimal amount, Currency currency) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() > digits) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " has more decimals than "
                    + currency.getCurrencyCode() + " allows (" + digits + ")");
        }
        try {
            return new Money(stripped.movePointRight(digits).longValueExact(), currency);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " " + currency.getCurrencyCode()
                    + " does not fit in a long of minor units", e);
        }
    }

    private static Currency currency(String code) {
        Objects.requireNonNull(code, "currencyCode");
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency '" + code + "' is not an ISO 4217 code", e);
        }
    }

    /** This amount in major units, for display. */
    public BigDecimal toMajor() {
        return BigDecimal.valueOf(minorUnits, currency.getDefaultFractionDigits());
    }

    /** The sum; throws {@link ArithmeticException} on overflow and {@link IllegalArgumentException} on another currency. */
    public Money plus(Money other) {
        return new Money(Math.addExact(minorUnits, sameCurrency(other).minorUnits), currency);
    }

    /** The difference; throws {@link ArithmeticException} on overflow and {@link IllegalArgumentException} on another currency. */
    public Money minus(Money other) {
        return new Money(Math.subtractExact(minorUnits, sameCurrency(other).minorUnits), currency);
    }

    /** The amount with its sign reversed; throws {@link ArithmeticException} for {@code Long.MIN_VALUE}. */
    public Money negate() {
        return new Money(Math.negateExact(minorUnits), currency);
    }

    /** Whether this amount is above zero. */
    public boolean isPositive() {
        return minorUnits > 0;
    }

    /** Whether this amount is below zero. */
    public boolean isNegative() {
        return minorUnits < 0;
    }

    /**
     * Returns this amount if it is positive.
     *
     * @param field the name of the field being checked, used in the error message
     * @throws IllegalArgumentException naming the field and the value otherwise
     */
    public Money requirePositive(String field) {
        if (!isPositive()) {
            throw new IllegalArgumentException(field + " must be positive, was " + this);
        }
        return this;
    }

    /** Compares amounts of the same currency; throws {@link IllegalArgumentException} for another currency. */
    @Override
    public int compareTo(Money other) {
        return Long.compare(minorUnits, sameCurrency(other).minorUnits);
    }

    private Money sameCurrency(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException(
                    "cannot combine " + currency.getCurrencyCode() + " with " + other.currency.getCurrencyCode());
        }
        return other;
    }

    /** The amount in major units followed by the currency code, for example {@code 10000 KRW} or {@code 12.34 USD}. */
    @Override
    public String toString() {
        return toMajor().toPlainString() + " " + currency.getCurrencyCode();
    }
}
