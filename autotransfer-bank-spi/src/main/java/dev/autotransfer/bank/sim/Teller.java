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
    private long sequence;

    Teller(String bankCode, Ledger ledger, DebitOracle oracle, Dice dice) {
        this.bankCode = bankCode;
        this.ledger = ledger;
        this.oracle = oracle;
        this.dice = dice;
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
            return reject(RejectionCode.INVALID_ACCOUNT, false, "simulated: destination " + destination + " is invalid");
        }
        if (dice.chance(config.accountClosed)) {
            return reject(RejectionCode.ACCOUNT_CLOSED, false, "simulated: destination " + destination + " is closed");
        }
        if (dice.chance(config.insufficientFunds) || ledger.balance(source).compareTo(request.amount()) < 0) {
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
        Money echoed = request.amount();
        if (dice.chance(config.wrongEcho)) {
            long wrong = echoed.minorUnits() == Long.MAX_VALUE ? echoed.minorUnits() - 1 : echoed.minorUnits() + 1;
            echoed = new Money(wrong, echoed.currency());
        }
        return new TransferOutcome.Accepted(externalId, request.idempotencyKey(), request.source(),
                request.destination(), echoed);
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
