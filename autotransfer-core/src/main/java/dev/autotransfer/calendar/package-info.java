/**
 * Business calendars: the {@link dev.autotransfer.calendar.HolidayCalendar} SPI, the shipped
 * {@link dev.autotransfer.calendar.KoreanBankCalendar} and
 * {@link dev.autotransfer.calendar.WeekendsOnlyCalendar}, and their union.
 *
 * <p>Every type here is immutable and thread-safe. A calendar fails loudly, with
 * {@link dev.autotransfer.calendar.CalendarCoverageException}, for a date its data does not cover.
 */
package dev.autotransfer.calendar;
