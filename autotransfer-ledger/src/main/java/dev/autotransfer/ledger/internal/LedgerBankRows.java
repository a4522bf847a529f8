package dev.autotransfer.ledger.internal;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.ledger.Pull;
import dev.autotransfer.ledger.PullStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Row mappers of the ledger bank's tables, {@code at_pull} and {@code at_ledger_transfer}. Not API.
 * Stateless.
 */
public final class LedgerBankRows {

    private LedgerBankRows() {
    }

    public static Pull pullRow(ResultSet rs, StatementContext ctx) throws SQLException {
        long movement = rs.getLong("movement_id");
        OptionalLong movementId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(movement);
        return new Pull(rs.getLong("id"), rs.getString("reference"), rs.getLong("customer_id"),
                rs.getLong("account_id"),
                new Money(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency"))),
                rs.getObject("business_date", LocalDate.class), PullStatus.valueOf(rs.getString("status")),
                rs.getString("idempotency_key"), Optional.ofNullable(rs.getString("bank_transaction_id")),
                Optional.ofNullable(rs.getString("code")), rs.getInt("sends"), movementId,
                LedgerRows.instant(rs, "created_at", ctx));
    }

    public static TransferRow transferRow(ResultSet rs, StatementContext ctx) throws SQLException {
        long pull = rs.getLong("pull_id");
        Long pullId = rs.wasNull() ? null : pull;
        long movement = rs.getLong("movement_id");
        Long movementId = rs.wasNull() ? null : movement;
        boolean retryable = rs.getBoolean("retryable");
        return new TransferRow(rs.getLong("id"), rs.getString("idempotency_key"), rs.getLong("source_account_id"),
                new AccountRef(rs.getString("destination_bank"), rs.getString("destination_account")),
                new Money(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency"))),
                rs.getString("memo"), LedgerRows.instant(rs, "request_created_at", ctx),
                TransferRow.Status.valueOf(rs.getString("status")), rs.getString("code"), rs.getString("code_kind"),
                retryable, rs.getString("message"), pullId, rs.getBoolean("held"), movementId,
                rs.getString("external_transaction_id"));
    }

    /**
     * A row of {@code at_ledger_transfer}: the ledger bank's record of one idempotency key, with the
     * request it first received and where it stands.
     */
    public record TransferRow(long id, String key, long sourceAccountId, AccountRef destination, Money amount,
            String memo, Instant requestCreatedAt, Status status, String code, String codeKind, boolean retryable,
            String message, Long pullId, boolean held, Long movementId, String externalTransactionId) {

        /** Where a key stands. */
        public enum Status {
            /** Received, not settled: a top-up or a payout to another bank may be in flight. */
            OPEN,
            /** Executed; never refused later. */
            EXECUTED,
            /** Refused for good; never executed later. */
            REFUSED
        }
    }
}
