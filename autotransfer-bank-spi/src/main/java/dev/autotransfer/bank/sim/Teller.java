package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a new key at one simulated bank: refuses it for a business reason or executes it (debit,
 * credit if the destination is simulated, the oracle's entry). Guarded by the bank's lock.
 */
final class Teller {

    static final RejectionCode CURRENCY_MISMATCH = RejectionCode.of("CURRENCY_MISMATCH", RejectionCode.Kind.BUSINESS);

    private static final Logger log = LoggerFactory.getLogger(Teller.class);

    private final String bankCode;
    private final Ledger ledger;
    private final DebitOracle oracle;
    private final Dice dice;
    private final Counters counters;
    private long sequence;

    Teller(String bankCode, Ledger ledger, DebitOracle oracle, Dice dice, Counters counters) {
        this.bankCode = bankCode;
        this.ledger = ledger;
        this.oracle = oracle;
        this.dice = dice;
        this.counters = counters;
    }

    TransferOutcome decide(TransferRequest request, Instant now, SimulatedBankConfig config) {
        TransferOutcome.Rejected refusal = refusal(request, config);
        if (refusal != null) {
            log.debug("bank {} refused {}: {}", bankCode, request.idempotencyKey(), refusal.code());
            return refusal;
        }
        return execute(request, now, config);
    }

    private TransferOutcome.Rejected refusal(TransferRequest request, SimulatedBankConfig config) {
        AccountRef source = request.source();
        AccountRef destination = request.destination();
        if (!source.bankCode().equals(bankCode) || !ledger.exists(source)) {
            return reject(RejectionCode.INVALID_ACCOUNT, false, "source " + source + " is not an account at bank " + bankCode);
        }
        if (ledger.isClosed(source)) {
            return reject(RejectionCode.ACCOUNT_CLOSED, false, "source " + source + " is closed");
        }
        if (ledger.holdsBank(destination.bankCode())) {
            if (!ledger.exists(destination)) {
                return reject(RejectionCode.INVALID_ACCOUNT, false, "destination " + destination + " does not exist");
            }
            if (ledger.isClosed(destination)) {
                return reject(RejectionCode.ACCOUNT_CLOSED, false, "destination " + destination + " is closed");
            }
            if (!ledger.balance(destination).currency().equals(request.amount().currency())) {
                return reject(CURRENCY_MISMATCH, false, "destination " + destination + " does not hold " + request.amount().currency());
            }
        }
        if (!ledger.balance(source).currency().equals(request.amount().currency())) {
            return reject(CURRENCY_MISMATCH, false, "source " + source + " does not hold " + request.amount().currency());
        }
        if (ledger.exists(destination) && wouldOverflow(destination, request.amount())) {
            return reject(RejectionCode.LIMIT_EXCEEDED, false, "destination " + destination + " cannot hold more");
        }
        if (dice.chance(config.invalidAccount)) {
            counters.randomInvalidAccounts++;
            return reject(RejectionCode.INVALID_ACCOUNT, false, "simulated: destination " + destination + " is invalid");
        }
        if (dice.chance(config.accountClosed)) {
            counters.randomAccountsClosed++;
            return reject(RejectionCode.ACCOUNT_CLOSED, false, "simulated: destination " + destination + " is closed");
        }
        boolean drawnShort = dice.chance(config.insufficientFunds);
        if (drawnShort) {
            counters.randomInsufficientFunds++;
        }
        if (drawnShort || ledger.balance(source).compareTo(request.amount()) < 0) {
            return reject(RejectionCode.INSUFFICIENT_FUNDS, true, "source " + source + " cannot pay " + request.amount());
        }
        return null;
    }

    private TransferOutcome.Accepted execute(TransferRequest request, Instant now, SimulatedBankConfig config) {
        ledger.debit(request.source(), request.amount());
        if (ledger.exists(request.destination())) {
            ledger.credit(request.destination(), request.amount());
        }
        String externalId = bankCode + "-" + String.format("%08d", ++sequence);
        oracle.append(new ExecutedDebit(request.idempotencyKey(), request.source(), request.destination(),
                request.amount(), now, externalId));
        log.debug("bank {} executed {} as {}: {} from {} to {}", bankCode, request.idempotencyKey(), externalId,
                request.amount(), request.source(), request.destination());
        TransferOutcome.Accepted honest = TransferOutcome.Accepted.echoing(request, externalId);
        if (!dice.chance(config.wrongEcho)) {
            return honest;
        }
        counters.randomWrongEchoes++;
        EchoField field = config.wrongEchoFields.get(dice.index(config.wrongEchoFields.size()));
        log.debug("bank {} echoes a wrong {} for {}", bankCode, field, request.idempotencyKey());
        return corrupt(honest, field);
    }

    /** The answer with one echoed field changed, as a bank answering from a wrong record would. */
    static TransferOutcome.Accepted corrupt(TransferOutcome.Accepted a, EchoField field) {
        String key = a.idempotencyKey();
        AccountRef source = a.source();
        AccountRef destination = a.destination();
        Money amount = a.amount();
        switch (field) {
            case IDEMPOTENCY_KEY -> key = key.length() > 1 ? key.substring(0, key.length() - 1) : key + "0";
            case SOURCE -> source = otherAccount(source);
            case DESTINATION -> destination = otherAccount(destination);
            case AMOUNT -> amount = new Money(amount.minorUnits() == Long.MAX_VALUE ? amount.minorUnits() - 1
                    : amount.minorUnits() + 1, amount.currency());
            case CURRENCY -> amount = new Money(amount.minorUnits(),
                    amount.currency().equals(Money.KRW) ? java.util.Currency.getInstance("USD") : Money.KRW);
        }
        return new TransferOutcome.Accepted(a.externalTransactionId(), key, source, destination, amount);
    }

    /** The same bank and number with its last character changed. */
    private static AccountRef otherAccount(AccountRef account) {
        String number = account.accountNumber();
        char last = number.charAt(number.length() - 1);
        char other = Character.isDigit(last) ? (char) ('0' + (last - '0' + 1) % 10) : (last == 'A' ? 'B' : 'A');
        return AccountRef.of(account.bankCode(), number.substring(0, number.length() - 1) + other);
    }

    private boolean wouldOverflow(AccountRef account, Money amount) {
        try {
            ledger.balance(account).plus(amount);
            return false;
        } catch (ArithmeticException e) {
            return true;
        }
    }

    static TransferOutcome.Rejected reject(RejectionCode code, boolean retryable, String message) {
        return new TransferOutcome.Rejected(code, retryable, message);
    }
}
