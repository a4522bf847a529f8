/**
 * The domain's values: schedules and their specs, recurrences, occurrences and attempt keys,
 * priorities, business-day rules, execution timing and catch-up plans.
 *
 * <p>Every type here is an immutable record or enum validated on construction (builders aside),
 * thread-safe, and free of I/O; time enters only as arguments ({@link java.time.LocalDate},
 * {@link java.time.Instant}, or an injected {@link java.time.Clock}).
 */
package dev.autotransfer.domain;
