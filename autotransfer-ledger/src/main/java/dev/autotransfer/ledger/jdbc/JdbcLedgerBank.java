package dev.autotransfer.ledger.jdbc;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.ledger.Account;
import dev.autotransfer.ledger.AccountKind;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.DailyLimitExceededException;
import dev.autotransfer.ledger.DailyPullLimit;
import dev.autotransfer.ledger.HoldStatus;
import dev.autotransfer.ledger.LedgerReferenceConflictException;
import dev.autotransfer.ledger.Pull;
import dev.autotransfer.ledger.PullStatus;
import dev.autotransfer.ledger.internal.LedgerBankRows.TransferRow;
import dev.autotransfer.ledger.internal.LedgerSignals;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank of the ledger's own accounts, as a {@link BankClient} for the engine: a standing order
 * whose source is a customer's account here ({@link #accountRef(long)}) is sent to this client like
 * to any bank, under the engine's protocol (STARTED committed before the call, the same key on every
 * re-send, inquiry on an unknown outcome).
 *
 * <p>What a transfer does, by its destination:
 * <ul>
 *   <li><b>Another account of this ledger</b> (a savings installment): the move's two entries, the
 *       balances and this client's record of the key are one database transaction; no bank is
 *       called.</li>
 *   <li><b>An account at an outside bank</b> (a bill payment): the amount is held on the source
 *       account first (the available balance drops), then the outside bank is called with the same
 *       key from the service's settlement account there; its acceptance posts the hold, its
 *       key-closing refusal voids it, an unknown outcome keeps it until a re-send or an inquiry
 *       settles it. No lock is held across the call.</li>
 *   <li><b>A main account that is short</b> first pulls the shortfall from the customer's linked
 *       account (see {@link #topUp}); the transfer stays open, answering
 *       {@link UnknownReason#IN_PROGRESS}, while the pull's outcome is unknown, and is refused with
 *       {@link RejectionCode#LIMIT_EXCEEDED} when the pull would pass the daily limit. A short
 *       savings account is refused with {@link RejectionCode#INSUFFICIENT_FUNDS}.</li>
 * </ul>
 *
 * <p>It keeps the {@link BankClient} contract: each key executes at most once and answers its first
 * outcome (the unique key of {@code at_ledger_transfer} decides races between nodes); a refused key
 * never executes later; the same key with another body answers
 * {@link UnknownReason#KEY_REUSED_WITH_OTHER_BODY}; the echo is this ledger's own record. Its
 * methods do not throw: a database failure is an unknown outcome (or an unavailable inquiry), because
 * the transaction may have committed.
 *
 * <p>Immutable and thread-safe.
 */
public final class JdbcLedgerBank implements BankClient {

    /** The bank code of this ledger's accounts unless the builder sets another. */
    public static final String DEFAULT_BANK_CODE = "AT-LEDGER";

    private static final Logger log = LoggerFactory.getLogger(JdbcLedgerBank.class);
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("[0-9]{10,19}");

    private final JdbcLedger ledger;
    private final String bankCode;
    private final BankTerms terms;
    private final Map<String, LedgerPulls.Outside> outside;
    private final LedgerPulls pulls;
    private final LedgerTransferBook book;

    private JdbcLedgerBank(Builder builder) {
        this.ledger = builder.ledger;
        this.bankCode = builder.bankCode;
        this.outside = Map.copyOf(builder.outside);
        this.terms = builder.terms != null ? builder.terms : defaultTerms(outside);
        String prefix = builder.keyPrefix != null ? builder.keyPrefix
                : ledger.installationId() + "-";
        this.pulls = new LedgerPulls(ledger, outside, prefix, builder.sendsPerCall);
        this.book = new LedgerTransferBook(ledger, this::accountRef);
    }

    /** A builder over the ledger whose accounts this bank holds. */
    public static Builder builder(JdbcLedger ledger) {
        return new Builder(ledger);
    }

    /** The bank code of this ledger's accounts. */
    public String bankCode() {
        return bankCode;
    }

    /** The account as a bank account of this ledger, for a standing order's source or destination. */
    public AccountRef accountRef(long accountId) {
        if (accountId < 1) {
            throw new IllegalArgumentException("accountId must be at least 1, was " + accountId);
        }
        return new AccountRef(bankCode, String.format("%010d", accountId));
    }

    /** The ledger account a reference names, or empty when it is not an account of this ledger. */
    public OptionalLong accountId(AccountRef account) {
        Objects.requireNonNull(account, "account");
        if (!account.bankCode().equals(bankCode) || !ACCOUNT_NUMBER.matcher(account.accountNumber()).matches()) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(account.accountNumber());
            return accountRef(id).equals(account) ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Tops up the customer's main account from the linked account, exactly once by {@code reference}:
     * the PENDING pull and its share of the daily limit are committed before the linked bank is called;
     * the bank's acceptance completes it and credits the main account in one transaction; its
     * key-closing refusal fails it and releases the limit; an unknown outcome leaves it PENDING, to be
     * settled by a later call with the same reference or by {@link #resolvePendingPulls}. Calling again
     * with the same reference never pulls twice.
     *
     * @return the pull as stored when the call returns: COMPLETE, FAILED or PENDING
     * @throws DailyLimitExceededException when the pull would pass the customer's daily limit
     *     (pending pulls count); nothing is recorded or sent
     * @throws LedgerReferenceConflictException when the reference was used for another pull
     * @throws IllegalArgumentException naming the field when the customer does not exist or the amount
     *     is not positive or not in the customer's currency
     */
    public Pull topUp(String reference, long customerId, Money amount) {
        JdbcLedger.checkReference(reference);
        Objects.requireNonNull(amount, "amount");
        Customer customer = ledger.customer(customerId).orElseThrow(() ->
                new IllegalArgumentException("customerId " + customerId + " does not exist"));
        if (!amount.isPositive() || !amount.currency().equals(customer.dailyPullLimit().currency())) {
            throw new IllegalArgumentException("amount must be positive and in " + customer.dailyPullLimit().currency()
                    + ", was " + amount);
        }
        Optional<Pull> existing = pulls.find(reference);
        Pull pull;
        if (existing.isPresent()) {
            pull = existing.get();
        } else {
            try {
                pull = pulls.open(reference, customer, amount, null);
            } catch (LedgerSignals.DuplicateReference e) {
                pull = pulls.find(reference).orElseThrow(() -> e.failure());
            }
        }
        if (pull.customerId() != customerId || !pull.amount().equals(amount)) {
            throw new LedgerReferenceConflictException(reference, "it pulled " + pull.amount() + " for customer "
                    + pull.customerId() + ", not " + amount + " for customer " + customerId);
        }
        return pulls.drive(pull);
    }

    /** The pull with this reference. */
    public Optional<Pull> pull(String reference) {
        JdbcLedger.checkReference(reference);
        return pulls.find(reference);
    }

    /** What the customer has pulled or has pending today, in the customer's zone. */
    public Money pulledToday(long customerId) {
        Customer customer = ledger.customer(customerId).orElseThrow(() ->
                new IllegalArgumentException("customerId " + customerId + " does not exist"));
        return pulls.used(customer, DailyPullLimit.businessDate(customer, ledger.now()));
    }

    /**
     * Settles pulls left PENDING by a crash or an unknown outcome: each is asked about first and
     * re-sent with its own key only when the linked bank does not know it. Run it at start-up and
     * from time to time; safe to run on many nodes at once.
     *
     * @param limit how many pending pulls to look at, oldest first
     * @return how many of them are no longer PENDING
     */
    public int resolvePendingPulls(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        int settled = 0;
        for (Pull pull : pulls.pending(limit)) {
            if (pulls.drive(pull).status() != PullStatus.PENDING) {
                settled++;
            }
        }
        return settled;
    }

    @Override
    public BankTerms terms() {
        return terms;
    }

    @Override
    public TransferOutcome transfer(TransferRequest request) {
        Objects.requireNonNull(request, "request");
        try {
            OptionalLong source = accountId(request.source());
            if (source.isEmpty()) {
                return new TransferOutcome.Rejected(RejectionCode.INVALID_ACCOUNT, false, "source "
                        + request.source() + " is not an account of ledger bank " + bankCode);
            }
            long sourceId = source.getAsLong();
            TransferRow row = book.row(request.idempotencyKey())
                    .orElseGet(() -> book.receive(request, sourceId, invalidity(request, sourceId)));
            if (row.sourceAccountId() != source.getAsLong() || !row.destination().equals(request.destination())
                    || !row.amount().equals(request.amount()) || !row.memo().equals(request.memo())) {
                return new TransferOutcome.Unknown(UnknownReason.KEY_REUSED_WITH_OTHER_BODY, "key "
                        + request.idempotencyKey() + " was first received with another body; nothing executed");
            }
            return advance(row);
        } catch (RuntimeException e) {
            log.warn("ledger transfer {} failed; its outcome is unknown: {}", request.idempotencyKey(), e.toString());
            return new TransferOutcome.Unknown(UnknownReason.BANK_ERROR, "the ledger failed: " + e.getMessage());
        }
    }

    @Override
    public InquiryResult inquire(String idempotencyKey) {
        TransferRequest.requireValidKey(idempotencyKey);
        try {
            Optional<TransferRow> found = book.row(idempotencyKey);
            if (found.isEmpty()) {
                return new InquiryResult.NotFound();
            }
            TransferRow row = found.get();
            if (row.status() == TransferRow.Status.OPEN && row.held()) {
                // the payout may be at the outside bank: ask it, and settle the hold by its answer
                LedgerPulls.Outside bank = outside.get(row.destination().bankCode());
                if (bank == null) {
                    return new InquiryResult.Unavailable("outside bank " + row.destination().bankCode()
                            + " has no client");
                }
                InquiryResult answer = LedgerPulls.inquire(bank.client(), idempotencyKey);
                if (answer instanceof InquiryResult.Executed executed) {
                    return asInquiry(settlePayout(row, payout(row, bank), executed.answer()));
                }
                if (answer instanceof InquiryResult.Rejected rejected) {
                    return asInquiry(settlePayout(row, payout(row, bank), rejected.answer()));
                }
                return answer;
            }
            return asInquiry(advance(row));
        } catch (RuntimeException e) {
            log.warn("inquiry of ledger transfer {} failed: {}", idempotencyKey, e.toString());
            return new InquiryResult.Unavailable("the ledger failed: " + e.getMessage());
        }
    }

    private static InquiryResult asInquiry(TransferOutcome outcome) {
        if (outcome instanceof TransferOutcome.Accepted accepted) {
            return new InquiryResult.Executed(accepted);
        }
        if (outcome instanceof TransferOutcome.Rejected rejected && rejected.closesKey()) {
            return new InquiryResult.Rejected(rejected);
        }
        return new InquiryResult.InProgress();
    }

    /** Why the accounts of a new key cannot take it, or null when they can. */
    private String invalidity(TransferRequest request, long sourceId) {
        Optional<Account> source = ledger.account(sourceId);
        if (source.isEmpty() || source.get().kind() == AccountKind.SYSTEM
                || !source.get().posted().currency().equals(request.amount().currency())) {
            return "source " + request.source() + " is not a " + request.amount().currency() + " customer account";
        }
        if (request.destination().bankCode().equals(bankCode)) {
            OptionalLong destinationId = accountId(request.destination());
            Optional<Account> destination = destinationId.isEmpty() ? Optional.empty()
                    : ledger.account(destinationId.getAsLong());
            if (destination.isEmpty() || destination.get().kind() == AccountKind.SYSTEM
                    || !destination.get().posted().currency().equals(request.amount().currency())) {
                return "destination " + request.destination() + " is not a " + request.amount().currency()
                        + " customer account";
            }
            return null;
        }
        return outside.containsKey(request.destination().bankCode()) ? null
                : "destination bank " + request.destination().bankCode() + " has no client at ledger bank " + bankCode;
    }

    /** Takes an OPEN key as far as it can go now; a settled key is answered as recorded. */
    private TransferOutcome advance(TransferRow row) {
        return switch (row.status()) {
            case EXECUTED -> book.accepted(row);
            case REFUSED -> LedgerTransferBook.rejected(row);
            case OPEN -> row.destination().bankCode().equals(bankCode) ? advanceMove(row) : advancePayout(row);
        };
    }

    private TransferOutcome advanceMove(TransferRow row) {
        Optional<TransferOutcome> notNow = ensureFunds(row);
        if (notNow.isPresent()) {
            return notNow.get();
        }
        long destination = accountId(row.destination()).orElseThrow();
        try {
            book.executeMove(row, destination);
        } catch (LedgerSignals.Refused e) {
            return book.refuse(row, RejectionCode.INSUFFICIENT_FUNDS, true, shortMessage(row));
        }
        return book.answer(book.reload(row));
    }

    private TransferOutcome advancePayout(TransferRow row) {
        LedgerPulls.Outside bank = outside.get(row.destination().bankCode());
        if (bank == null) {
            return new TransferOutcome.Unknown(UnknownReason.BANK_ERROR, "outside bank "
                    + row.destination().bankCode() + " has no client; the key stays open");
        }
        TransferRow current = row;
        if (!current.held()) {
            Optional<TransferOutcome> notNow = ensureFunds(current);
            if (notNow.isPresent()) {
                return notNow.get();
            }
            try {
                book.hold(row);
            } catch (LedgerSignals.Refused e) {
                return book.refuse(row, RejectionCode.INSUFFICIENT_FUNDS, true, shortMessage(row));
            }
            current = book.reload(row);
            if (current.status() != TransferRow.Status.OPEN || !current.held()) {
                return advance(current);
            }
        }
        TransferRequest payout = payout(current, bank);
        return settlePayout(current, payout, LedgerPulls.transfer(bank.client(), payout));
    }

    private TransferRequest payout(TransferRow row, LedgerPulls.Outside bank) {
        return new TransferRequest(row.key(), bank.settlementAccount(), row.destination(), row.amount(), row.memo(),
                row.requestCreatedAt());
    }

    /** Posts the hold on the outside bank's acceptance, voids it on its key-closing refusal; otherwise passes the answer on. */
    private TransferOutcome settlePayout(TransferRow row, TransferRequest payout, TransferOutcome outcome) {
        HoldStatus target;
        if (outcome instanceof TransferOutcome.Accepted accepted) {
            if (!accepted.echoes(payout)) {
                return new TransferOutcome.Unknown(UnknownReason.BANK_ERROR, "bank " + payout.destination().bankCode()
                        + " echoed another transfer: " + accepted.echoMismatches(payout));
            }
            target = HoldStatus.POSTED;
        } else if (outcome instanceof TransferOutcome.Rejected rejected && rejected.closesKey()) {
            target = HoldStatus.VOIDED;
        } else {
            return outcome; // not sent, expired or unknown: the key and the hold stay open
        }
        book.settleHold(row, target, outcome);
        return book.answer(book.reload(row));
    }

    /**
     * Empty when the source can pay now (or a completed pull made it so); otherwise the answer for
     * the engine: refused when it cannot be topped up, IN_PROGRESS while a pull is pending.
     */
    private Optional<TransferOutcome> ensureFunds(TransferRow row) {
        if (row.pullId() != null) {
            Pull pull = pulls.drive(pulls.find(row.pullId()).orElseThrow());
            return switch (pull.status()) {
                case COMPLETE -> Optional.empty();
                case FAILED -> Optional.of(book.refuse(row, RejectionCode.INSUFFICIENT_FUNDS, true, "the top-up of "
                        + pull.amount() + " from the linked account was refused (" + pull.code().orElse("?") + ")"));
                case PENDING -> Optional.of(new TransferOutcome.Unknown(UnknownReason.IN_PROGRESS, "the top-up of "
                        + pull.amount() + " from the linked account is pending (" + pull.code().orElse("sent") + ")"));
            };
        }
        Account source = ledger.account(row.sourceAccountId()).orElseThrow();
        if (source.available().compareTo(row.amount()) >= 0) {
            return Optional.empty();
        }
        if (source.kind() != AccountKind.MAIN) {
            return Optional.of(book.refuse(row, RejectionCode.INSUFFICIENT_FUNDS, true, shortMessage(row)));
        }
        Customer customer = ledger.customer(source.customerId().orElseThrow()).orElseThrow();
        Money shortfall = row.amount().minus(source.available());
        try {
            pulls.open("at:transfer:" + row.key(), customer, shortfall, row.id());
        } catch (DailyLimitExceededException e) {
            return Optional.of(book.refuse(row, RejectionCode.LIMIT_EXCEEDED, true, e.getMessage()));
        } catch (LedgerSignals.Lost | LedgerSignals.DuplicateReference e) {
            log.debug("ledger transfer {} was topped up by another call", row.key());
        }
        TransferRow linked = book.reload(row);
        if (linked.status() != TransferRow.Status.OPEN || linked.pullId() == null) {
            return Optional.of(book.answer(linked));
        }
        return ensureFunds(linked);
    }

    private String shortMessage(TransferRow row) {
        Money available = ledger.account(row.sourceAccountId()).map(Account::available)
                .orElse(Money.zero(row.amount().currency()));
        return "account " + row.sourceAccountId() + " has " + available + " available, " + row.amount() + " needed";
    }

    /** The shortest key retention of the outside banks (the payouts re-send keys there), or 30 days without any. */
    private static BankTerms defaultTerms(Map<String, LedgerPulls.Outside> outside) {
        KeyRetention retention = KeyRetention.of(Duration.ofDays(30));
        for (LedgerPulls.Outside bank : outside.values()) {
            KeyRetention theirs = bank.client().terms().keyRetention();
            if (theirs instanceof KeyRetention.CalendarDay
                    || (retention instanceof KeyRetention.Fixed mine && theirs instanceof KeyRetention.Fixed fixed
                            && fixed.duration().compareTo(mine.duration()) < 0)) {
                retention = theirs;
            }
        }
        return new BankTerms(retention, 1_000);
    }

    /**
     * Builds a {@link JdbcLedgerBank}. Not thread-safe; build once and share the bank.
     */
    public static final class Builder {

        private final JdbcLedger ledger;
        private final Map<String, LedgerPulls.Outside> outside = new LinkedHashMap<>();
        private String bankCode = DEFAULT_BANK_CODE;
        private BankTerms terms;
        private String keyPrefix;
        private int sendsPerCall = 3;

        private Builder(JdbcLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
        }

        /** The bank code of this ledger's accounts (default {@value #DEFAULT_BANK_CODE}). */
        public Builder bankCode(String code) {
            this.bankCode = new AccountRef(Objects.requireNonNull(code, "bankCode"), "0000").bankCode();
            return this;
        }

        /**
         * An outside bank: its client, and the service's own account there, which receives pulls from
         * customers' linked accounts at that bank and pays transfers out to accounts at that bank.
         */
        public Builder outsideBank(AccountRef settlementAccount, BankClient client) {
            Objects.requireNonNull(settlementAccount, "settlementAccount");
            Objects.requireNonNull(client, "client");
            outside.put(settlementAccount.bankCode(), new LedgerPulls.Outside(client, settlementAccount));
            return this;
        }

        /** The terms the engine sees (default: the shortest key retention of the outside banks, 1,000 requests/s). */
        public Builder terms(BankTerms terms) {
            this.terms = Objects.requireNonNull(terms, "terms");
            return this;
        }

        /** The prefix of the pulls' keys at linked banks (default: the installation's prefix). */
        public Builder keyPrefix(String prefix) {
            Objects.requireNonNull(prefix, "keyPrefix");
            TransferRequest.requireValidKey(prefix + "TU1");
            this.keyPrefix = prefix;
            return this;
        }

        /** How many times one call sends a pull to the linked bank with its key before leaving it PENDING (default 3). */
        public Builder sendsPerCall(int sends) {
            if (sends < 1 || sends > 10) {
                throw new IllegalArgumentException("sendsPerCall must be 1..10, was " + sends);
            }
            this.sendsPerCall = sends;
            return this;
        }

        /** The bank; reads the installation id when no key prefix was set. */
        public JdbcLedgerBank build() {
            if (outside.containsKey(bankCode)) {
                throw new IllegalArgumentException("outsideBank " + bankCode + " is this ledger's own bank code");
            }
            return new JdbcLedgerBank(this);
        }
    }
}
