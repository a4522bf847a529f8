package dev.autotransfer.ledger.jdbc;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;

/**
 * A linked bank whose answer never arrives: the request executes, then the caller "dies" with
 * {@link Crash}, an {@link Error} no code under test catches. Inquiries pass through. Thread-safe as
 * its delegate is.
 */
final class CrashAfterExecuting implements BankClient {

    /** Stands for the process dying right after the bank executed. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("crashed after the linked bank executed", null, false, false);
        }
    }

    private final BankClient delegate;

    CrashAfterExecuting(BankClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransferOutcome transfer(TransferRequest request) {
        delegate.transfer(request);
        throw new Crash();
    }

    @Override
    public InquiryResult inquire(String idempotencyKey) {
        return delegate.inquire(idempotencyKey);
    }

    @Override
    public BankTerms terms() {
        return delegate.terms();
    }
}
