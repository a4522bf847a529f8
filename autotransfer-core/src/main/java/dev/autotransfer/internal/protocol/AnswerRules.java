package dev.autotransfer.internal.protocol;

import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.bankcall.LaneResult;
import dev.autotransfer.internal.protocol.ItemDecision.Count;
import dev.autotransfer.internal.protocol.ItemDecision.ScheduleMove;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.DeadLetterKind;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a bank's answer means for an occurrence (step 5 of the protocol), as an {@link ItemDecision}:
 * a success ends it; a definitive failure is retried after a wait or dead-lettered; an unknown
 * outcome, an answer still in progress or one the bank could not give is asked about again, never
 * before the key's last safe moment passes; a request the bank refused as too old goes to a person;
 * a call not sent waits without counting as a try. Decides only: nothing is written or told here.
 * Thread-safe.
 */
final class AnswerRules {

    private final EngineConfig config;
    private final RetryPolicy retries;

    AnswerRules(EngineConfig config, RetryPolicy retries) {
        this.config = config;
        this.retries = retries;
    }

    /** What the bank's answer to a send (or an inquiry that found the key) means. */
    ItemDecision outcome(BankCall call, TransferOutcome outcome, Instant at, KeyRetention retention) {
        ClaimedOccurrence co = call.co;
        if (outcome instanceof TransferOutcome.Accepted accepted) {
            List<String> mismatches = accepted.echoMismatches(call.request);
            if (!mismatches.isEmpty()) {
                return unknown(call, "ECHO_MISMATCH", "answer differs in " + mismatches, at, retention)
                        .alarming(Alarm.Kind.ECHO_MISMATCH, "the bank's answer for " + call.key + " differs in "
                                + mismatches + "; recorded UNKNOWN, never success");
            }
            return ItemDecision.of(co, at, List.of(new NewEvent(call.key, EventType.SUCCEEDED, at, null,
                            accepted.externalTransactionId(), null, null)), FollowUp.done())
                    .moving(ScheduleMove.ended(at)).counting(Count.SUCCEEDED);
        }
        if (outcome instanceof TransferOutcome.Rejected rejected) {
            RejectionCode code = rejected.code();
            if (code.kind().closesKey()) {
                return failed(call, code.code(), rejected.message(), at);
            }
            if (code.kind() == RejectionCode.Kind.EXPIRED) {
                // this send did not execute, but an earlier one may have: only a person can tell
                return escalation(co, call.key, call.request, at, code.code(),
                        "the bank refused the request as older than its key retention");
            }
            return ItemDecision.of(co, at, List.of(), FollowUp.retryAt(at.plus(retries.afterUnprocessedRejection()),
                    "NOT_SENT_" + code.code()));
        }
        TransferOutcome.Unknown unknown = (TransferOutcome.Unknown) outcome;
        ItemDecision decision = unknown(call, unknown.reason().name(), unknown.detail(), at, retention);
        return unknown.reason() == UnknownReason.KEY_REUSED_WITH_OTHER_BODY
                ? decision.alarming(Alarm.Kind.KEY_REUSED, "the bank says key " + call.key
                        + " was used with another body; recorded UNKNOWN")
                : decision;
    }

    /** The bank says the key is in progress, or could not be asked: ask again later, more rarely as it ages. */
    ItemDecision inProgress(BankCall call, String reason, Instant at, KeyRetention retention) {
        Duration wait = retries.afterInProgress(call.unknowns + 1, Duration.between(call.request.createdAt(), at));
        return ItemDecision.of(call.co, at, List.of(), FollowUp.retryAt(askAgainAt(call, at, wait, retention), reason))
                .moving(ScheduleMove.WHILE_OPEN);
    }

    /** The call was not sent: nothing reached the bank, no try is counted; the item waits. */
    ItemDecision notSent(BankCall call, LaneResult.NotSent<?> notSent, Instant at) {
        return ItemDecision.of(call.co, at, List.of(), FollowUp.retryAt(at.plus(retries.afterNotSent(
                notSent.retryAfter())), "NOT_SENT_" + notSent.reason().name())).counting(Count.NOT_SENT);
    }

    /** An open attempt whose outcome only a person can find out: dead-lettered UNRESOLVED, never re-sent. */
    ItemDecision escalation(ClaimedOccurrence co, AttemptKey key, TransferRequest request, Instant at, String code,
            String detail) {
        return ItemDecision.of(co, at, List.of(NewEvent.of(key, EventType.DEAD_LETTERED, at, code, detail)),
                        FollowUp.done().withDeadLetter(new DeadLetterEntry(key, request.idempotencyKey(),
                                DeadLetterKind.UNRESOLVED, code, detail)))
                .moving(ScheduleMove.ended(null)).counting(Count.ESCALATED)
                .alarming(Alarm.Kind.UNRESOLVED, "attempt " + key + " (sent as " + request.idempotencyKey() + "): "
                        + detail + "; a person must find out what the bank did");
    }

    private ItemDecision failed(BankCall call, String code, String message, Instant at) {
        ClaimedOccurrence co = call.co;
        int failures = co.history().failuresSinceRequeue() + 1;
        NewEvent failedEvent = new NewEvent(call.key, EventType.FAILED, at, null, null, code, truncate(message));
        if (retries.exhausted(co.item().priority(), failures, code)) {
            return ItemDecision.of(co, at, List.of(failedEvent,
                                    NewEvent.of(call.key, EventType.DEAD_LETTERED, at, code,
                                            failures + " definitive failures")),
                            FollowUp.done().withDeadLetter(new DeadLetterEntry(call.key, call.request.idempotencyKey(),
                                    DeadLetterKind.EXHAUSTED, code, failures + " definitive failures")))
                    .moving(ScheduleMove.ended(null)).counting(Count.FAILED, Count.DEAD_LETTERED)
                    .alarming(Alarm.Kind.DEAD_LETTERED, "dead-lettered after " + failures
                            + " definitive failures, last " + code);
        }
        return ItemDecision.of(co, at, List.of(failedEvent), FollowUp
                        .retryAt(at.plus(retries.afterFailure(co.item().priority(), failures)), code)
                        .withRetryCount(failures))
                .moving(ScheduleMove.WHILE_OPEN).counting(Count.FAILED);
    }

    private ItemDecision unknown(BankCall call, String code, String detail, Instant at, KeyRetention retention) {
        return ItemDecision.of(call.co, at, List.of(NewEvent.of(call.key, EventType.UNKNOWN, at, code,
                        truncate(detail))), FollowUp.retryAt(askAgainAt(call, at,
                        retries.afterUnknown(call.unknowns + 1), retention), "UNKNOWN"))
                .moving(ScheduleMove.WHILE_OPEN).counting(Count.UNKNOWN);
    }

    /**
     * When to look at an open attempt again: after the wait, but never past the last moment the key
     * may still be re-sent (the bank's retention less the margin), where the planner hands it to a
     * person; a long wait would otherwise escalate late.
     */
    private Instant askAgainAt(BankCall call, Instant at, Duration wait, KeyRetention retention) {
        Instant next = at.plus(wait);
        if (retention == null) {
            return next;
        }
        Instant resendUntil = retention.expiresAt(call.request.createdAt()).minus(config.resendMargin());
        return next.isAfter(resendUntil) && resendUntil.isAfter(at) ? resendUntil : next;
    }

    /** The text cut to the 500 characters of a history column, or null. */
    static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
