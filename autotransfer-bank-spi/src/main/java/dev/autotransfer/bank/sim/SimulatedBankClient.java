package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.util.Objects;

/**
 * The {@link BankClient} of one simulated bank. Decisions run under the simulation's lock; latency
 * is spent outside it, so concurrent calls overlap the way real network calls do.
 */
final class SimulatedBankClient implements BankClient {

    private final SimulatedBank bank;
    private final String bankCode;

    SimulatedBankClient(SimulatedBank bank, String bankCode) {
        this.bank = bank;
        this.bankCode = bankCode;
    }

    @Override
    public TransferOutcome transfer(TransferRequest request) {
        Objects.requireNonNull(request, "request");
        BankDesk.Admission admission;
        synchronized (bank.lock) {
            admission = bank.desk(bankCode).admit(request, bank.clock.instant());
        }
        bank.sleeper.sleep(admission.latency());
        if (!admission.proceeds()) {
            return admission.earlyAnswer();
        }
        synchronized (bank.lock) {
            return bank.desk(bankCode).complete(request, admission, bank.clock.instant());
        }
    }

    @Override
    public InquiryResult inquire(String idempotencyKey) {
        TransferRequest.requireValidKey(idempotencyKey);
        java.time.Duration latency;
        synchronized (bank.lock) {
            latency = bank.desk(bankCode).drawLatency();
        }
        bank.sleeper.sleep(latency);
        synchronized (bank.lock) {
            return bank.desk(bankCode).inquire(idempotencyKey, bank.clock.instant());
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
