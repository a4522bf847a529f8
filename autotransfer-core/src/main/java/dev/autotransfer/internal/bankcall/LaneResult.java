package dev.autotransfer.internal.bankcall;

import java.time.Duration;

/** What became of one call through a {@link BankLane}: the bank's answer, or a call that was never sent. */
public sealed interface LaneResult<T> {

    /** The bank answered (an uncertain answer or a timeout is an answer too: the call may have been sent). */
    record Answered<T>(T answer) implements LaneResult<T> {
    }

    /** The call was not sent: no event is written and no retry is counted; try again after the wait. */
    record NotSent<T>(Reason reason, Duration retryAfter) implements LaneResult<T> {
    }

    /** Why a call was not sent. */
    enum Reason {
        /** No rate-limit permit within the permit wait. */
        RATE_LIMITED,
        /** Every thread of the bank's pool was busy. */
        POOL_FULL,
        /** The bank's circuit breaker is open. */
        CIRCUIT_OPEN,
        /** The bank refused the request before processing it (its own quota). */
        REFUSED_BY_BANK
    }
}
