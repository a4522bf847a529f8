package dev.autotransfer.calendar;

/**
 * Why banks are closed on a date listed in a holiday table.
 *
 * <p>Only informative: every kind closes the banks alike. Immutable and thread-safe.
 */
public enum HolidayKind {
    /** A public holiday set by law (in Korea: 공휴일에 관한 법률, 관공서의 공휴일에 관한 규정). */
    PUBLIC,
    /** A substitute holiday (대체공휴일) for a holiday that fell on a weekend or another holiday. */
    SUBSTITUTE,
    /** A one-off holiday the government declared (임시공휴일). */
    TEMPORARY,
    /** An election day, a public holiday by the election law. */
    ELECTION,
    /** Not a public holiday, but banks are closed (in Korea: May 1, 근로자의 날 / 노동절). */
    BANK_CLOSED
}
