package dev.autotransfer.ledger.internal;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.AccountKind;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.Hold;
import dev.autotransfer.ledger.HoldStatus;
import dev.autotransfer.ledger.LedgerReferenceConflictException;
import dev.autotransfer.ledger.Movement;
import dev.autotransfer.ledger.MovementKind;
import dev.autotransfer.ledger.NewCustomer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads the ledger's rows into its value types, and decides whether a repeated call under a stored
 * reference is the same call (answered from the row) or a conflict. Not API. Stateless.
 */
public final class LedgerRows {

    private LedgerRows() {
    }

    /**
     * The instant in a column, read by the Jdbi's own instant mapper: autotransfer-jdbc's configured
     * Jdbi reads every instant column as UTC, whatever the dialect.
     */
    static Instant instant(ResultSet rs, String column, StatementContext ctx) throws SQLException {
        return ctx.findColumnMapperFor(Instant.class)
                .orElseThrow(() -> new IllegalStateException("the Jdbi has no Instant column mapper"))
                .map(rs, column, ctx);
    }

    public static Customer customerRow(ResultSet rs, StatementContext ctx) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new Customer(rs.getLong("id"), rs.getString("client_reference"), ZoneId.of(rs.getString("time_zone")),
                new Money(rs.getLong("daily_pull_limit_minor"), currency),
                AccountRef.of(rs.getString("linked_bank"), rs.getString("linked_account")),
                rs.getLong("main_account_id"), instant(rs, "created_at", ctx));
    }

    public static Account accountRow(ResultSet rs, StatementContext ctx) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        long customer = rs.getLong("customer_id");
        OptionalLong customerId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(customer);
        return new Account(rs.getLong("id"), customerId, AccountKind.valueOf(rs.getString("kind")),
                rs.getString("name"), new Money(rs.getLong("posted_minor"), currency),
                new Money(rs.getLong("held_minor"), currency), rs.getLong("version"),
                instant(rs, "created_at", ctx));
    }

    public static Movement movementRow(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Movement(rs.getLong("id"), rs.getString("reference"), MovementKind.valueOf(rs.getString("kind")),
                rs.getLong("debit_account_id"), rs.getLong("credit_account_id"),
                new Money(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency"))),
                instant(rs, "created_at", ctx));
    }

    public static Hold holdRow(ResultSet rs, StatementContext ctx) throws SQLException {
        long movement = rs.getLong("movement_id");
        OptionalLong movementId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(movement);
        return new Hold(rs.getLong("id"), rs.getString("reference"), rs.getLong("account_id"),
                new Money(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency"))),
                HoldStatus.valueOf(rs.getString("status")), movementId,
                instant(rs, "created_at", ctx),
                Optional.ofNullable(instant(rs, "settled_at", ctx)));
    }

    public static Customer sameOrConflict(Customer stored, NewCustomer wanted) {
        List<String> differing = new ArrayList<>();
        if (!stored.linkedAccount().equals(wanted.linkedAccount())) {
            differing.add("linkedAccount");
        }
        if (!stored.dailyPullLimit().equals(wanted.dailyPullLimit())) {
            differing.add("dailyPullLimit");
        }
        if (!stored.zone().equals(wanted.zone())) {
            differing.add("zone");
        }
        if (differing.isEmpty()) {
            return stored;
        }
        throw new LedgerReferenceConflictException(wanted.clientReference(), "customer " + stored.id()
                + " signed up with other content; differing fields: " + String.join(", ", differing));
    }

    public static Movement sameOrConflict(Movement stored, MovementKind kind, long debit, long credit, Money amount) {
        if (stored.kind() == kind && stored.debitAccountId() == debit && stored.creditAccountId() == credit
                && stored.amount().equals(amount)) {
            return stored;
        }
        throw new LedgerReferenceConflictException(stored.reference(), "already recorded as movement " + stored.id()
                + " (" + stored.kind() + " of " + stored.amount() + " from account " + stored.debitAccountId()
                + " to account " + stored.creditAccountId() + "); this call asked for " + kind + " of " + amount
                + " from account " + debit + " to account " + credit);
    }

    public static Hold sameOrConflict(Hold stored, long accountId, Money amount) {
        if (stored.accountId() == accountId && stored.amount().equals(amount)) {
            return stored;
        }
        throw new LedgerReferenceConflictException(stored.reference(), "already a hold of " + stored.amount()
                + " on account " + stored.accountId() + "; this call asked for " + amount + " on account " + accountId);
    }
}
