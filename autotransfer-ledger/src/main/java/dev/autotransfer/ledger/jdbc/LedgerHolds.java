package dev.autotransfer.ledger.jdbc;

import dev.autotransfer.bank.Money;
import dev.autotransfer.ledger.Hold;
import dev.autotransfer.ledger.HoldStatus;
import dev.autotransfer.ledger.LedgerReferenceConflictException;
import dev.autotransfer.ledger.Movement;
import dev.autotransfer.ledger.MovementKind;
import dev.autotransfer.ledger.internal.LedgerRows;
import dev.autotransfer.ledger.internal.LedgerSignals;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;

/**
 * The holds of {@link JdbcLedger}: placing one (the available balance drops), and posting or voiding
 * it once, the hold's own conditional update first so that only the call whose update won changes
 * the balance (DESIGN.md, hard case 2).
 *
 * <p>Thread-safe.
 */
final class LedgerHolds {

    private final JdbcLedger ledger;

    LedgerHolds(JdbcLedger ledger) {
        this.ledger = ledger;
    }

    Hold place(String reference, long accountId, Money amount) {
        JdbcLedger.checkReference(reference);
        ledger.customerAccount(accountId, "accountId", amount);
        Optional<Hold> existing = ledger.hold(reference);
        if (existing.isPresent()) {
            return LedgerRows.sameOrConflict(existing.get(), accountId, amount);
        }
        Instant now = ledger.now();
        try {
            return ledger.write("placing hold '" + reference + "'",
                    handle -> recordHold(handle, reference, accountId, amount, now));
        } catch (LedgerSignals.DuplicateReference e) {
            return ledger.hold(reference).map(winner -> LedgerRows.sameOrConflict(winner, accountId, amount))
                    .orElseThrow(() -> e.failure());
        } catch (LedgerSignals.Refused e) {
            Optional<Hold> winner = ledger.hold(reference);
            if (winner.isPresent()) {
                return LedgerRows.sameOrConflict(winner.get(), accountId, amount);
            }
            throw ledger.insufficient(accountId, amount);
        }
    }

    /**
     * The body of a hold's transaction, for {@link JdbcLedger} and {@link JdbcLedgerBank}.
     *
     * @throws LedgerSignals.Refused when the account's available balance is short
     */
    Hold recordHold(Handle handle, String reference, long accountId, Money amount, Instant now) {
        int rows = handle.createUpdate(ledger.sql("account/hold.sql"))
                .bind("amount", amount.minorUnits()).bind("id", accountId).execute();
        if (rows != 1) {
            throw new LedgerSignals.Refused(accountId);
        }
        long id = handle.createUpdate(ledger.sql("hold/insert.sql"))
                .bind("ref", reference).bind("account", accountId).bind("amount", amount.minorUnits())
                .bind("currency", amount.currency().getCurrencyCode()).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        return new Hold(id, reference, accountId, amount, HoldStatus.PENDING, OptionalLong.empty(), now,
                Optional.empty());
    }


    /**
     * Moves a PENDING hold to {@code target}: the hold's conditional update comes first, and only the
     * call whose update won changes the balance (DESIGN.md, hard case 2).
     */
    Hold settle(String reference, HoldStatus target) {
        JdbcLedger.checkReference(reference);
        final Hold hold = ledger.hold(reference).orElseThrow(() ->
                new IllegalArgumentException("reference '" + reference + "' names no hold"));
        Hold answer = hold;
        if (hold.status() == HoldStatus.PENDING) {
            Instant now = ledger.now();
            long clearing = ledger.clearing(hold.amount().currency());
            String what = (target == HoldStatus.POSTED ? "posting" : "voiding") + " hold '" + reference + "'";
            boolean won = ledger.write(what,
                    handle -> recordSettlement(handle, hold, target, clearing, now));
            // won: the row as written; lost: another call settled it between the read and the update
            answer = ledger.hold(reference).orElseThrow();
            if (won) {
                return answer;
            }
        }
        if (answer.status() == target) {
            return answer;
        }
        throw new LedgerReferenceConflictException(reference, "the hold is already " + answer.status()
                + ", it cannot be " + target);
    }

    /**
     * The body of a hold's settlement, for {@link JdbcLedger} and {@link JdbcLedgerBank}: the hold's
     * conditional update first, the balance only when it won.
     *
     * @return whether this call moved the hold out of PENDING
     */
    boolean recordSettlement(Handle handle, Hold hold, HoldStatus target, long clearing, Instant now) {
        String reference = hold.reference();
        int rows = handle.createUpdate(ledger.sql("hold/settle.sql"))
                .bind("target", target.name()).bind("now", now).bind("ref", reference).execute();
        if (rows != 1) {
            return false;
        }
        long posted = target == HoldStatus.POSTED ? hold.amount().minorUnits() : 0;
        int account = handle.createUpdate(ledger.sql("account/release_hold.sql"))
                .bind("posted", posted).bind("amount", hold.amount().minorUnits())
                .bind("id", hold.accountId()).execute();
        if (account != 1) {
            throw new IllegalStateException("account " + hold.accountId() + " holds less than hold '"
                    + reference + "' of " + hold.amount());
        }
        if (target == HoldStatus.POSTED) {
            Movement movement = ledger.insertMovement(handle, reference, MovementKind.PAYMENT,
                    hold.accountId(), clearing, hold.amount(), now);
            handle.createUpdate(ledger.sql("hold/set_movement.sql"))
                    .bind("movement", movement.id()).bind("ref", reference).execute();
        }
        return true;
    }
}
