package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.bank.testkit.FaultInjector;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
                            ? new TransferOutcome.Rejected(RejectionCode.REFUSED_UNAVAILABLE, true, "timeout")
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

    /** Passes every call through; the broken adapters below override what they get wrong. */
    static class ForwardingBankClient implements BankClient {
        final BankClient real;

        ForwardingBankClient(BankClient real) {
            this.real = real;
        }

        @Override
        public TransferOutcome transfer(TransferRequest r) {
            return real.transfer(r);
        }

        @Override
        public InquiryResult inquire(String key) {
            return real.inquire(key);
        }

        @Override
        public BankTerms terms() {
            return real.terms();
        }
    }

    /**
     * A bank that remembers an insufficient-funds refusal only as "not yet": once funds arrive, a re-send
     * of the refused key executes (here as a fresh transaction behind the adapter), although the refusal
     * closed the key and the engine has already moved on to a new key.
     */
    static class ExecutesRejectedKeyLaterAdapterContract extends SimulatedBankContractTest {
        private final Set<String> refusedForFunds = ConcurrentHashMap.newKeySet();
        private final BankClient broken = new ForwardingBankClient(super.client()) {
            @Override
            public TransferOutcome transfer(TransferRequest r) {
                if (refusedForFunds.contains(r.idempotencyKey())) {
                    TransferOutcome retried = real.transfer(new TransferRequest(r.idempotencyKey() + ":retry",
                            r.source(), r.destination(), r.amount(), r.memo(), r.createdAt()));
                    return retried instanceof TransferOutcome.Accepted a
                            ? new TransferOutcome.Accepted(a.externalTransactionId(), r.idempotencyKey(), a.source(),
                                    a.destination(), a.amount())
                            : retried;
                }
                TransferOutcome outcome = real.transfer(r);
                if (outcome instanceof TransferOutcome.Rejected rejected
                        && rejected.code().equals(RejectionCode.INSUFFICIENT_FUNDS)) {
                    refusedForFunds.add(r.idempotencyKey());
                }
                return outcome;
            }
        };

        @Override
        protected BankClient client() {
            return broken;
        }
    }

    /** A bank whose inquiry cannot find executed keys: "not found" for a key whose money moved. */
    static class InquiryNotFoundForExecutedKeysAdapterContract extends SimulatedBankContractTest {
        @Override
        protected BankClient client() {
            return new ForwardingBankClient(super.client()) {
                @Override
                public InquiryResult inquire(String key) {
                    InquiryResult result = real.inquire(key);
                    return result instanceof InquiryResult.Executed ? new InquiryResult.NotFound() : result;
                }
            };
        }
    }

    /** Maps a server error (the sandbox's HTTP 503 after executing) to a key-closing "refused, unavailable". */
    static class ServerErrorAsRejectionAdapterContract extends SimulatedBankContractTest {
        @Override
        protected BankClient client() {
            return new ForwardingBankClient(super.client()) {
                @Override
                public TransferOutcome transfer(TransferRequest r) {
                    TransferOutcome outcome = real.transfer(r);
                    return outcome instanceof TransferOutcome.Unknown unknown && unknown.reason() == UnknownReason.BANK_ERROR
                            ? new TransferOutcome.Rejected(RejectionCode.REFUSED_UNAVAILABLE, true, "HTTP 503")
                            : outcome;
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
                "not_found_is_never_definitive_a_late_request_still_executes_and_inquiry_then_reports_it()",
                "a_server_error_after_executing_is_unknown_never_a_refusal_and_inquiry_reports_the_execution()");
    }

    @Test
    void a_bank_that_executes_a_rejected_key_once_funds_arrive_fails_the_rejected_key_test() {
        assertThat(failedTests(ExecutesRejectedKeyLaterAdapterContract.class)).contains(
                "a_rejected_key_never_executes_later_even_after_funds_arrive()");
    }

    @Test
    void a_bank_whose_inquiry_answers_not_found_for_executed_keys_fails_the_inquiry_tests() {
        assertThat(failedTests(InquiryNotFoundForExecutedKeysAdapterContract.class)).contains(
                "inquiry_after_a_timeout_after_executing_tells_the_truth()",
                "a_server_error_after_executing_is_unknown_never_a_refusal_and_inquiry_reports_the_execution()",
                "not_found_is_never_definitive_a_late_request_still_executes_and_inquiry_then_reports_it()",
                "an_accepted_answer_echoes_the_request_exactly()");
    }

    @Test
    void an_adapter_that_maps_a_server_error_after_executing_to_a_key_closing_rejection_fails_the_server_error_test() {
        assertThat(failedTests(ServerErrorAsRejectionAdapterContract.class)).contains(
                "a_server_error_after_executing_is_unknown_never_a_refusal_and_inquiry_reports_the_execution()");
    }

    @Test
    void tests_needing_a_missing_fault_hook_fail_instead_of_skipping() {
        assertThat(failedTests(NoFaultHooksContract.class)).containsExactlyInAnyOrder(
                "inquiry_after_a_timeout_after_executing_tells_the_truth()",
                "inquiry_after_a_timeout_before_executing_reports_no_execution_and_the_key_can_be_resent()",
                "not_found_is_never_definitive_a_late_request_still_executes_and_inquiry_then_reports_it()",
                "a_server_error_after_executing_is_unknown_never_a_refusal_and_inquiry_reports_the_execution()");
    }

    private static List<String> failedTests(Class<?> contract) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(), listener);
        assertThat(listener.getSummary().getTestsSkippedCount() + listener.getSummary().getTestsAbortedCount()).isZero();
        return listener.getSummary().getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName()).toList();
    }
}
