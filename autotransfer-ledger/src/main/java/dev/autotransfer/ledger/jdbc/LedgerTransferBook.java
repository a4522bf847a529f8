package dev.autotransfer.ledger.jdbc;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.ledger.Hold;
import dev.autotransfer.ledger.HoldStatus;
import dev.autotransfer.ledger.MovementKind;
import dev.autotransfer.ledger.internal.LedgerBankRows;
import dev.autotransfer.ledger.internal.LedgerBankRows.TransferRow;
import dev.autotransfer.ledger.internal.LedgerSignals;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions of {@code at_ledger_transfer} behind {@link JdbcLedgerBank}: receiving a key,
 * executing a move, placing, posting and voiding a payout's hold, and refusing a key, each with the
 * key's conditional {@code OPEN} update in the same transaction, so an execution and a refusal of one
 * key (racing twins) can never both happen. A twin that settled first wins quietly: the loser rereads.
 *
 * <p>Thread-safe.
 */
final class LedgerTransferBook {

    private static final Logger log = LoggerFactory.getLogger(LedgerTransferBook.class);
    private static final int MAX_MESSAGE = 300;

    private final JdbcLedger ledger;
    private final LongFunction<AccountRef> accountRef;

    LedgerTransferBook(JdbcLedger ledger, LongFunction<AccountRef> accountRef) {
        this.ledger = ledger;
        this.accountRef = accountRef;
    }

    /** Records a key seen for the first time: OPEN, or REFUSED at once when its accounts cannot take it. */
    TransferRow receive(TransferRequest request, long sourceId, String refusal) {
        Instant now = ledger.now();
        try {
            ledger.write("receiving ledger transfer " + request.idempotencyKey(), handle -> handle
                    .createUpdate(ledger.sql("ledger_transfer/insert.sql"))
                    .bind("key", request.idempotencyKey()).bind("source", sourceId)
                    .bind("destBank", request.destination().bankCode())
                    .bind("destAccount", request.destination().accountNumber())
                    .bind("amount", request.amount().minorUnits())
                    .bind("currency", request.amount().currency().getCurrencyCode())
                    .bind("memo", request.memo()).bind("requestAt", request.createdAt())
                    .bind("status", refusal == null ? "OPEN" : "REFUSED")
                    .bind("code", refusal == null ? null : RejectionCode.INVALID_ACCOUNT.code())
                    .bind("kind", refusal == null ? null : RejectionCode.INVALID_ACCOUNT.kind().name())
                    .bind("retryable", refusal == null ? null : Boolean.FALSE)
                    .bind("message", refusal)
                    .bind("now", now).bind("settledAt", refusal == null ? null : now)
                    .execute());
        } catch (LedgerSignals.DuplicateReference e) {
            log.debug("ledger transfer {} was received by another call first", request.idempotencyKey());
        }
        return row(request.idempotencyKey()).orElseThrow();
    }

    Optional<TransferRow> row(String key) {
        return ledger.read("reading ledger transfer " + key, handle -> handle
                .createQuery(ledger.sql("ledger_transfer/select_by_key.sql"))
                .bind("key", key).map(LedgerBankRows::transferRow).findOne());
    }

    TransferRow reload(TransferRow row) {
        return row(row.key()).orElseThrow();
    }

    /**
     * The move's entries, balances and the key's EXECUTED, in one transaction.
     *
     * @throws LedgerSignals.Refused when the source is short
     */
    void executeMove(TransferRow row, long destination) {
        long clearing = ledger.clearing(row.amount().currency());
        Instant now = ledger.now();
        try {
            ledger.write("executing ledger transfer " + row.key(), handle -> {
                long movement = ledger.recordMovement(handle, row.key(), MovementKind.MOVE, row.sourceAccountId(),
                        destination, row.amount(), clearing, now).id();
                int updated = handle.createUpdate(ledger.sql("ledger_transfer/execute.sql"))
                        .bind("movement", movement).bind("bankId", "AT-MV-" + movement).bind("now", now)
                        .bind("id", row.id()).execute();
                if (updated != 1) {
                    throw new LedgerSignals.Lost();
                }
                return null;
            });
        } catch (LedgerSignals.Lost | LedgerSignals.DuplicateReference e) {
            log.debug("ledger transfer {} was settled by another call", row.key());
        }
    }

    /**
     * The payout's hold on the source and the key's {@code held}, in one transaction.
     *
     * @throws LedgerSignals.Refused when the source is short
     */
    void hold(TransferRow row) {
        Instant now = ledger.now();
        try {
            ledger.write("holding ledger transfer " + row.key(), handle -> {
                ledger.recordHold(handle, row.key(), row.sourceAccountId(), row.amount(), now);
                int updated = handle.createUpdate(ledger.sql("ledger_transfer/mark_held.sql"))
                        .bind("id", row.id()).execute();
                if (updated != 1) {
                    throw new LedgerSignals.Lost();
                }
                return null;
            });
        } catch (LedgerSignals.Lost | LedgerSignals.DuplicateReference e) {
            log.debug("ledger transfer {} was held by another call", row.key());
        }
    }

    /** Posts ({@code outcome} accepted) or voids ({@code outcome} a key-closing refusal) the hold, with the key's settlement. */
    void settleHold(TransferRow row, HoldStatus target, TransferOutcome outcome) {
        Hold hold = ledger.hold(row.key()).orElseThrow();
        long clearing = ledger.clearing(row.amount().currency());
        Instant now = ledger.now();
        try {
            ledger.write("settling ledger transfer " + row.key(), handle -> {
                ledger.recordSettlement(handle, hold, target, clearing, now);
                int updated;
                if (target == HoldStatus.POSTED) {
                    Long movement = handle.createQuery(ledger.sql("hold/select_movement.sql"))
                            .bind("ref", row.key()).mapTo(Long.class).one();
                    updated = handle.createUpdate(ledger.sql("ledger_transfer/execute.sql"))
                            .bind("movement", movement)
                            .bind("bankId", ((TransferOutcome.Accepted) outcome).externalTransactionId())
                            .bind("now", now).bind("id", row.id()).execute();
                } else {
                    TransferOutcome.Rejected rejected = (TransferOutcome.Rejected) outcome;
                    updated = refusal(handle, row, rejected.code(), rejected.retryable(), rejected.message(), now,
                            true);
                }
                if (updated != 1) {
                    throw new LedgerSignals.Lost();
                }
                return null;
            });
        } catch (LedgerSignals.Lost e) {
            log.debug("ledger transfer {} was settled by another call", row.key());
        }
    }

    /**
     * Refuses an OPEN key for good before anything is sent for it (a twin's settlement wins) and answers
     * what is recorded. A key that a twin has held meanwhile is not refused: its payout may be at the
     * outside bank, whose answer alone settles it (a refusal read from a stale row would void nothing
     * and let the payout execute under a REFUSED key).
     */
    TransferOutcome refuse(TransferRow row, RejectionCode code, boolean retryable, String message) {
        Instant now = ledger.now();
        ledger.write("refusing ledger transfer " + row.key(),
                handle -> refusal(handle, row, code, retryable, message, now, false));
        return answer(reload(row));
    }

    private int refusal(org.jdbi.v3.core.Handle handle, TransferRow row, RejectionCode code,
            boolean retryable, String message, Instant now, boolean held) {
        String text = message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
        return handle.createUpdate(ledger.sql("ledger_transfer/refuse.sql"))
                .bind("held", held)
                .bind("code", code.code()).bind("kind", code.kind().name()).bind("retryable", retryable)
                .bind("message", text).bind("now", now).bind("id", row.id()).execute();
    }

    /** The recorded answer of a settled key; an OPEN one is still in progress. */
    TransferOutcome answer(TransferRow row) {
        return switch (row.status()) {
            case EXECUTED -> accepted(row);
            case REFUSED -> rejected(row);
            case OPEN -> new TransferOutcome.Unknown(UnknownReason.IN_PROGRESS, "ledger transfer " + row.key()
                    + " is still open");
        };
    }

    TransferOutcome.Accepted accepted(TransferRow row) {
        return new TransferOutcome.Accepted(row.externalTransactionId(), row.key(), accountRef.apply(row.sourceAccountId()),
                row.destination(), row.amount());
    }

    static TransferOutcome.Rejected rejected(TransferRow row) {
        return new TransferOutcome.Rejected(RejectionCode.of(row.code(), RejectionCode.Kind.valueOf(row.codeKind())),
                row.retryable(), row.message());
    }

}
