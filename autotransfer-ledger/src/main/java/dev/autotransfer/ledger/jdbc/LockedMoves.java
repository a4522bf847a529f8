package dev.autotransfer.ledger.jdbc;

import dev.autotransfer.jdbc.api.AutoTransferJdbcException;
import dev.autotransfer.bank.Money;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.AccountLocks;
import dev.autotransfer.ledger.InsufficientFundsException;
import dev.autotransfer.ledger.Movement;
import dev.autotransfer.ledger.MovementKind;
import dev.autotransfer.ledger.StaleLockException;
import dev.autotransfer.ledger.internal.LedgerRows;
import dev.autotransfer.ledger.internal.LedgerSignals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves between customer accounts under an {@link AccountLocks} lock, the seed's design (B6): lock,
 * read the balances and versions, write the new balances only where the version is unchanged. The
 * lock alone is not trusted: the transaction first checks each lease's fencing token against
 * {@code at_customer.lock_fence} (and raises it), and an account whose version moved since the read
 * (a deposit or hold outside the lock, or a second holder after a failover) makes the move start over
 * under a new lease, so no update is lost and no stale holder writes.
 *
 * <p>Thread-safe; no lock is held across anything but this short transaction.
 */
final class LockedMoves {

    private static final Logger log = LoggerFactory.getLogger(LockedMoves.class);
    private static final int ATTEMPTS = 10;

    private final JdbcLedger ledger;
    private final AccountLocks locks;
    private final Duration ttl;
    private final Duration wait;

    LockedMoves(JdbcLedger ledger, AccountLocks locks, Duration ttl, Duration wait) {
        this.ledger = ledger;
        this.locks = locks;
        this.ttl = ttl;
        this.wait = wait;
    }

    Movement move(String reference, Account from, Account to, Money amount) {
        TreeSet<Long> customers = new TreeSet<>(List.of(from.customerId().orElseThrow(),
                to.customerId().orElseThrow()));
        for (int attempt = 1; ; attempt++) {
            List<AccountLocks.Lease> leases = new ArrayList<>();
            try {
                for (long customer : customers) {
                    leases.add(locks.acquire(resource(customer), ttl, wait));
                }
                Instant now = ledger.now();
                return ledger.write("moving '" + reference + "' under lock", handle -> {
                    int i = 0;
                    for (long customer : customers) {
                        fence(handle, customer, leases.get(i++).fencingToken());
                    }
                    return readModifyWrite(handle, reference, from.id(), to.id(), amount, now);
                });
            } catch (LedgerSignals.Lost e) {
                if (attempt == ATTEMPTS) {
                    throw new AutoTransferJdbcException("moving '" + reference + "' failed: the balances kept changing"
                            + " between read and write in " + ATTEMPTS + " attempts");
                }
                log.debug("move {}: an account's version moved since it was read; again under a new lease", reference);
                // release, then a short random pause, so the writer that changed the version gets through
                leases.forEach(AccountLocks.Lease::close);
                java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.ThreadLocalRandom.current()
                        .nextLong(100_000L, 2_000_000L * attempt));
            } catch (LedgerSignals.DuplicateReference e) {
                return ledger.movement(reference)
                        .map(winner -> LedgerRows.sameOrConflict(winner, MovementKind.MOVE, from.id(), to.id(), amount))
                        .orElseThrow(() -> e.failure());
            } catch (LedgerSignals.Refused e) {
                Optional<Movement> winner = ledger.movement(reference);
                if (winner.isPresent()) {
                    return LedgerRows.sameOrConflict(winner.get(), MovementKind.MOVE, from.id(), to.id(), amount);
                }
                Money available = ledger.account(from.id()).map(Account::available).orElse(Money.zero(amount.currency()));
                throw new InsufficientFundsException(from.id(), amount, available);
            } finally {
                leases.forEach(AccountLocks.Lease::close);
            }
        }
    }

    static String resource(long customerId) {
        return "customer:" + customerId;
    }

    /** Raises the customer's fence to the token, or refuses a token a later holder already passed. */
    private void fence(Handle handle, long customer, long token) {
        int raised = handle.createUpdate(ledger.sql("customer/raise_fence.sql"))
                .bind("token", token).bind("id", customer).execute();
        if (raised != 1) {
            long seen = handle.createQuery(ledger.sql("customer/select_fence.sql"))
                    .bind("id", customer).mapTo(Long.class).one();
            throw new StaleLockException(resource(customer), token, seen);
        }
    }

    /** Reads both accounts, then writes their new balances where the version is still the one read. */
    private Movement readModifyWrite(Handle handle, String reference, long from, long to, Money amount,
            Instant now) {
        Map<Long, long[]> read = new java.util.TreeMap<>();
        handle.createQuery(ledger.sql("account/select_versions.sql"))
                .bind("from", from).bind("to", to)
                .map((rs, ctx) -> new long[] {rs.getLong("id"), rs.getLong("posted_minor"), rs.getLong("held_minor"),
                        rs.getLong("version")})
                .forEach(row -> read.put(row[0], row));
        long[] source = read.get(from);
        if (source[1] - source[2] < amount.minorUnits()) {
            throw new LedgerSignals.Refused(from);
        }
        for (long[] account : read.values()) { // ascending id, as every ledger transaction
            long posted = account[1] + (account[0] == from ? -amount.minorUnits() : amount.minorUnits());
            int written = handle.createUpdate(ledger.sql("account/write_balance.sql"))
                    .bind("posted", posted).bind("id", account[0]).bind("version", account[3]).execute();
            if (written != 1) {
                throw new LedgerSignals.Lost();
            }
        }
        return ledger.insertMovement(handle, reference, MovementKind.MOVE, from, to, amount, now);
    }
}
