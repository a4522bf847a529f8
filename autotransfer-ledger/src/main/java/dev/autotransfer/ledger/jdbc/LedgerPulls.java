package dev.autotransfer.ledger.jdbc;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.ledger.Customer;
import dev.autotransfer.ledger.DailyLimitExceededException;
import dev.autotransfer.ledger.DailyPullLimit;
import dev.autotransfer.ledger.MovementKind;
import dev.autotransfer.ledger.Pull;
import dev.autotransfer.ledger.PullStatus;
import dev.autotransfer.ledger.internal.LedgerBankRows;
import dev.autotransfer.ledger.internal.LedgerSignals;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pulls from linked accounts behind {@link JdbcLedgerBank}: the PENDING row and its share of the
 * daily limit in one short transaction before the linked bank is called, the call with the pull's
 * own idempotency key (the same on every send), and COMPLETE with the main account's credit in one
 * transaction after. A pull whose outcome is unknown stays PENDING and keeps its share of the limit;
 * it is resolved by inquiry first and re-sent with the same key only when the bank does not know it.
 *
 * <p>Thread-safe; holds no lock across a bank call.
 */
final class LedgerPulls {

    private static final Logger log = LoggerFactory.getLogger(LedgerPulls.class);

    /** The service's side of one outside bank: its client and the service's own account there. */
    record Outside(BankClient client, AccountRef settlementAccount) {
    }

    private final JdbcLedger ledger;
    private final Map<String, Outside> outside;
    private final String keyPrefix;
    private final int sendsPerCall;

    LedgerPulls(JdbcLedger ledger, Map<String, Outside> outside, String keyPrefix, int sendsPerCall) {
        this.ledger = ledger;
        this.outside = outside;
        this.keyPrefix = keyPrefix;
        this.sendsPerCall = sendsPerCall;
    }

    /** What the customer pulled or has pending on the date, as {@link DailyPullLimit} counts it. */
    Money used(Customer customer, LocalDate date) {
        return DailyPullLimit.of(customer).used(ledger.read("summing the pulls of customer " + customer.id(),
                handle -> pulledByStatus(handle, customer, date)));
    }

    /** The sums of the customer's pulls on the date, by status. */
    private Map<PullStatus, Money> pulledByStatus(Handle handle, Customer customer, LocalDate date) {
        Map<PullStatus, Money> sums = new EnumMap<>(PullStatus.class);
        handle.createQuery(ledger.sql("pull/sum_by_status.sql"))
                .bind("customer", customer.id()).bind("day", date)
                .map((rs, ctx) -> Map.entry(PullStatus.valueOf(rs.getString("status")),
                        new Money(rs.getLong("amount_minor"), customer.dailyPullLimit().currency())))
                .forEach(sum -> sums.put(sum.getKey(), sum.getValue()));
        return sums;
    }

    /**
     * Records a PENDING pull, reserving its amount under the customer's daily limit: the customer row
     * is locked, the day's pulls read, {@link DailyPullLimit} asked whether the pull fits and the pull
     * inserted in one transaction, so two concurrent pulls can never together pass the limit.
     *
     * @param transferRowId the ledger transfer the pull tops up, linked in the same transaction, or null
     * @throws DailyLimitExceededException when the pull would pass the limit; nothing is recorded
     * @throws LedgerSignals.Lost when {@code transferRowId} already has a pull (a twin linked one) or is
     *     held (a twin found the funds and sent its payout): nothing is recorded
     * @throws LedgerSignals.DuplicateReference when a pull with this reference exists
     */
    Pull open(String reference, Customer customer, Money amount, Long transferRowId) {
        if (!outside.containsKey(customer.linkedAccount().bankCode())) {
            throw new IllegalStateException("customer " + customer.id() + "'s linked bank "
                    + customer.linkedAccount().bankCode() + " has no client: configure it with outsideBank(...)");
        }
        Instant now = ledger.now();
        LocalDate day = DailyPullLimit.businessDate(customer, now);
        DailyPullLimit limit = DailyPullLimit.of(customer);
        long id = ledger.write("reserving pull '" + reference + "'", handle -> {
            handle.createUpdate(ledger.sql("customer/lock.sql")).bind("id", customer.id()).execute();
            // thrown inside the transaction, so that it rolls back and nothing is recorded
            limit.requireFits(day, limit.used(pulledByStatus(handle, customer, day)), amount);
            long pullId = handle.createUpdate(ledger.sql("pull/insert.sql"))
                    .bind("ref", reference).bind("customer", customer.id())
                    .bind("account", customer.mainAccountId()).bind("amount", amount.minorUnits())
                    .bind("currency", amount.currency().getCurrencyCode()).bind("day", day).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            handle.createUpdate(ledger.sql("pull/set_key.sql"))
                    .bind("key", keyPrefix + "TU" + pullId).bind("id", pullId).execute();
            if (transferRowId != null) {
                int linked = handle.createUpdate(ledger.sql("ledger_transfer/link_pull.sql"))
                        .bind("pull", pullId).bind("id", transferRowId).execute();
                if (linked != 1) {
                    throw new LedgerSignals.Lost();
                }
            }
            return pullId;
        });
        return find(id).orElseThrow();
    }

    Optional<Pull> find(long id) {
        return ledger.read("reading pull " + id, handle -> handle
                .createQuery(ledger.sql("pull/select_by_id.sql"))
                .bind("id", id).map(LedgerBankRows::pullRow).findOne());
    }

    Optional<Pull> find(String reference) {
        return ledger.read("reading pull '" + reference + "'", handle -> handle
                .createQuery(ledger.sql("pull/select_by_reference.sql"))
                .bind("ref", reference).map(LedgerBankRows::pullRow).findOne());
    }

    /** Up to {@code limit} PENDING pulls, oldest first. */
    List<Pull> pending(int limit) {
        return ledger.read("reading pending pulls", handle -> handle
                .createQuery(ledger.sql("pull/select_pending.sql"))
                .setMaxRows(limit).map(LedgerBankRows::pullRow).list());
    }

    /**
     * Takes a PENDING pull as far as the linked bank allows now: an inquiry first when it was sent
     * before, a send with the same key when the bank does not know it, up to {@code sendsPerCall}
     * sends. Answers the pull as stored afterwards; a pull that is not PENDING is answered as is.
     */
    Pull drive(Pull pull) {
        Pull current = pull;
        Customer customer = ledger.customer(pull.customerId()).orElseThrow();
        Outside bank = outside.get(customer.linkedAccount().bankCode());
        if (bank == null) {
            log.warn("pull {} waits: linked bank {} has no client", pull.id(), customer.linkedAccount().bankCode());
            return current;
        }
        TransferRequest request = new TransferRequest(pull.idempotencyKey(), customer.linkedAccount(),
                bank.settlementAccount(), pull.amount(), "top-up", pull.createdAt());
        for (int send = 0; send < sendsPerCall && current.status() == PullStatus.PENDING; send++) {
            if (current.sends() > 0) {
                InquiryResult answer = inquire(bank.client(), request.idempotencyKey());
                if (answer instanceof InquiryResult.Executed executed) {
                    return settle(current, request, executed.answer());
                }
                if (answer instanceof InquiryResult.Rejected rejected) {
                    return settle(current, request, rejected.answer());
                }
                if (!(answer instanceof InquiryResult.NotFound)) {
                    // in progress or unavailable: nothing is known, ask again later
                    return note(current, answer instanceof InquiryResult.InProgress ? "IN_PROGRESS" : "INQUIRY_UNAVAILABLE");
                }
            }
            countSend(current);
            TransferOutcome outcome = transfer(bank.client(), request);
            current = settle(current, request, outcome);
            if (outcome instanceof TransferOutcome.Rejected rejected
                    && rejected.code().kind() == RejectionCode.Kind.EXPIRED) {
                break; // the key's fate is unknown and cannot be asked by re-sending: a person looks
            }
        }
        return current;
    }

    /** Applies the linked bank's answer to a PENDING pull. */
    private Pull settle(Pull pull, TransferRequest request, TransferOutcome outcome) {
        if (outcome instanceof TransferOutcome.Accepted accepted) {
            if (!accepted.echoes(request)) {
                log.warn("pull {}: the linked bank echoed another transfer: {}", pull.id(),
                        accepted.echoMismatches(request));
                return note(pull, "ECHO_MISMATCH");
            }
            return complete(pull, accepted.externalTransactionId());
        }
        if (outcome instanceof TransferOutcome.Rejected rejected) {
            if (rejected.closesKey()) {
                Instant now = ledger.now();
                ledger.write("failing pull " + pull.id(), handle -> handle
                        .createUpdate(ledger.sql("pull/fail.sql"))
                        .bind("code", rejected.code().code()).bind("now", now).bind("id", pull.id()).execute());
                return find(pull.id()).orElseThrow();
            }
            return note(pull, rejected.code().code());
        }
        return note(pull, ((TransferOutcome.Unknown) outcome).reason().name());
    }

    /** COMPLETE and the main account's TOP_UP credit, in one transaction; a twin's completion wins quietly. */
    private Pull complete(Pull pull, String bankTransactionId) {
        long clearing = ledger.clearing(pull.amount().currency());
        Instant now = ledger.now();
        try {
            ledger.write("completing pull " + pull.id(), handle -> {
                // the customer row first, as the reservation does: otherwise a reservation (customer, then
                // the account's foreign-key lock) and a completion (account, then at_pull's index) deadlock
                handle.createUpdate(ledger.sql("customer/lock.sql")).bind("id", pull.customerId()).execute();
                long movement = ledger.recordMovement(handle, "at:pull:" + pull.id(), MovementKind.TOP_UP, clearing,
                        pull.accountId(), pull.amount(), clearing, now).id();
                int rows = handle.createUpdate(ledger.sql("pull/complete.sql"))
                        .bind("movement", movement).bind("bankId", bankTransactionId).bind("now", now)
                        .bind("id", pull.id()).execute();
                if (rows != 1) {
                    throw new LedgerSignals.Lost();
                }
                return null;
            });
        } catch (LedgerSignals.Lost | LedgerSignals.DuplicateReference e) {
            log.debug("pull {} was completed by another call", pull.id());
        }
        return find(pull.id()).orElseThrow();
    }

    /** Keeps the last reason a PENDING pull is not settled, for operators. */
    private Pull note(Pull pull, String code) {
        ledger.write("noting pull " + pull.id(), handle -> handle
                .createUpdate(ledger.sql("pull/note.sql"))
                .bind("code", code).bind("id", pull.id()).execute());
        return find(pull.id()).orElseThrow();
    }

    /** Counts a send before it goes out, so a pull that was ever sent is asked about before the next send. */
    private void countSend(Pull pull) {
        ledger.write("counting a send of pull " + pull.id(), handle -> handle
                .createUpdate(ledger.sql("pull/count_send.sql"))
                .bind("id", pull.id()).execute());
    }

    /** The call; any exception is an unknown outcome (the request may have been sent). Errors propagate. */
    static TransferOutcome transfer(BankClient client, TransferRequest request) {
        try {
            return Objects.requireNonNull(client.transfer(request), "a BankClient answered null");
        } catch (RuntimeException e) {
            log.warn("transfer {} threw; its outcome is unknown: {}", request.idempotencyKey(), e.toString());
            return new TransferOutcome.Unknown(UnknownReason.BANK_ERROR, "the client threw " + e.getClass().getName());
        }
    }

    /** The inquiry; any exception means the bank could not be asked. Errors propagate. */
    static InquiryResult inquire(BankClient client, String key) {
        try {
            return Objects.requireNonNull(client.inquire(key), "a BankClient answered null");
        } catch (RuntimeException e) {
            log.warn("inquiry of {} threw: {}", key, e.toString());
            return new InquiryResult.Unavailable("the client threw " + e.getClass().getName());
        }
    }
}
