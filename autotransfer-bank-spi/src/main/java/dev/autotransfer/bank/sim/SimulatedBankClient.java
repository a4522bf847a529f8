package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link BankClient} of one simulated bank. A transfer is counted against the quota when it
 * arrives; the other decisions run under the simulation's lock; latency
 * is spent outside it, so concurrent calls overlap the way real network calls do (and count as in
 * flight for the bank's concurrency limit). Thread-safe.
 */
final class SimulatedBankClient implements BankClient {

    private final SimulatedBank bank;
    private final String bankCode;
    /** The bank's desk; desks are never replaced. */
    private final BankDesk desk;

    SimulatedBankClient(SimulatedBank bank, String bankCode, BankDesk desk) {
        this.bank = bank;
        this.bankCode = bankCode;
        this.desk = desk;
    }

    @Override
    public TransferOutcome transfer(TransferRequest request) {
        Objects.requireNonNull(request, "request");
        BankDesk.Admission admission;
        // stamped on arrival, as a bank's gateway counts requests, before queueing for the bank's lock
        BankDesk.Arrival arrival = desk.arrive(bank.clock);
        synchronized (bank.lock) {
            admission = desk.admit(request, bank.clock.instant(), arrival);
        }
        spend(admission.latency(), admission.entered());
        synchronized (bank.lock) {
            return bank.desk(bankCode).answer(request, admission, bank.clock.instant());
        }
    }

    @Override
    public InquiryResult inquire(String idempotencyKey) {
        TransferRequest.requireValidKey(idempotencyKey);
        Duration latency;
        boolean entered;
        synchronized (bank.lock) {
            BankDesk desk = bank.desk(bankCode);
            latency = desk.drawLatency(bank.clock.instant());
            entered = desk.enterInquiry();
        }
        spend(latency, entered);
        synchronized (bank.lock) {
            return bank.desk(bankCode).inquire(idempotencyKey, bank.clock.instant(), entered);
        }
    }

    /** Spends a call's latency; a call that cannot (interrupted) leaves the concurrency gate before throwing. */
    private void spend(Duration latency, boolean entered) {
        try {
            bank.sleeper.sleep(latency);
        } catch (RuntimeException | Error e) {
            synchronized (bank.lock) {
                bank.desk(bankCode).abandon(entered);
            }
            throw e;
        }
    }

    @Override
    public BankTerms terms() {
        synchronized (bank.lock) {
            return bank.desk(bankCode).config.terms();
        }
    }

    @Override
    public String toString() {
        return "SimulatedBankClient[" + bankCode + "]";
    }
}
