package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.testkit.FaultInjector;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** The contract kit is not vacuous: adapters that break the contract fail it, and missing fault hooks fail loudly. */
class ContractKitCatchesBrokenBanksTest {

    /** Re-sends under a fresh key each time, as an adapter that "retries" by itself would: double debits. */
    static class NonIdempotentAdapterContract extends SimulatedBankContractTest {
        private int calls;

        @Override
        protected BankClient client() {
            BankClient real = super.client();
            return new BankClient() {
                @Override
                public synchronized TransferOutcome transfer(TransferRequest r) {
                    return real.transfer(new TransferRequest(r.idempotencyKey() + "-" + calls++, r.source(),
                            r.destination(), r.amount(), r.memo(), r.createdAt()));
                }

                @Override
                public InquiryResult inquire(String key) {
                    return real.inquire(key);
                }

                @Override
                public BankTerms terms() {
                    return real.terms();
                }
            };
        }
    }

    /** Maps every timeout to a rejection, the mistake that makes the engine open a second key. */
    static class TimeoutAsRejectionAdapterContract extends SimulatedBankContractTest {
        @Override
        protected BankClient client() {
            BankClient real = super.client();
            return new BankClient() {
                @Override
                public TransferOutcome transfer(TransferRequest r) {
                    TransferOutcome outcome = real.transfer(r);
                    return outcome instanceof TransferOutcome.Unknown
                            ? new TransferOutcome.Rejected(dev.autotransfer.bank.RejectionCode.SERVICE_UNAVAILABLE, true, "timeout")
                            : outcome;
                }

                @Override
                public InquiryResult inquire(String key) {
                    return real.inquire(key);
                }

                @Override
                public BankTerms terms() {
                    return real.terms();
                }
            };
        }
    }

    /** Offers no fault injector and declares nothing unsupported. */
    static class NoFaultHooksContract extends SimulatedBankContractTest {
        @Override
        protected Optional<FaultInjector> faults() {
            return Optional.empty();
        }
    }

    @Test
    void a_non_idempotent_adapter_fails_the_idempotency_tests() {
        assertThat(failedTests(NonIdempotentAdapterContract.class)).contains(
                "same_key_twice_executes_once_and_answers_the_first_outcome()",
                "concurrent_sends_of_one_key_execute_once()");
    }

    @Test
    void an_adapter_that_turns_timeouts_into_rejections_fails_the_timeout_tests() {
        assertThat(failedTests(TimeoutAsRejectionAdapterContract.class)).contains(
                "inquiry_after_a_timeout_after_executing_tells_the_truth()",
                "not_found_is_never_definitive_a_late_request_still_executes_and_inquiry_then_reports_it()");
    }

    @Test
    void tests_needing_a_missing_fault_hook_fail_instead_of_skipping() {
        assertThat(failedTests(NoFaultHooksContract.class)).hasSize(3);
    }

    private static List<String> failedTests(Class<?> contract) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(), listener);
        assertThat(listener.getSummary().getTestsSkippedCount() + listener.getSummary().getTestsAbortedCount()).isZero();
        return listener.getSummary().getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName()).toList();
    }
}
