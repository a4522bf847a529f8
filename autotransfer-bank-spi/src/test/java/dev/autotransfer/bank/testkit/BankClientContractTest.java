package dev.autotransfer.bank.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@link BankClient} contract as JUnit 5 tests: extend it, implement the hooks for your adapter
 * and its sandbox bank, and run it with your tests.
 *
 * <p>The tests check what keeps money from moving twice: idempotency per key, honest "unknown"
 * answers (a timeout or an HTTP 5xx after the bank executed is never a refusal), definitive refusals
 * that move no money, truthful inquiries, late requests, concurrent
 * sends, an exact echo and the refusal of expired requests. They tolerate the faults a real network
 * adds (an Unknown answer is re-sent with the same key, a "not sent" refusal is retried), so a
 * sandbox with random faults passes as long as it keeps the contract.
 *
 * <p>Hooks: the client, a funded source account (paying {@link #amount()} many times), a destination,
 * an account the bank refuses, balances and deposits from the sandbox, and optionally a
 * {@link FaultInjector}. Tests needing a fault the injector cannot make fail with a message saying so,
 * unless {@link #unsupportedFaults()} declares it, in which case they are reported as aborted.
 *
 * <p>JUnit creates an instance per test; the tests use a fresh key each, but share the source
 * account, so run them sequentially against one sandbox.
 */
public abstract class BankClientContractTest {

    private static final int MAX_TRIES = 60;
    private final String keyPrefix = keyPrefix();
    private final AtomicInteger keys = new AtomicInteger();

    /** The client under test. */
    protected abstract BankClient client();

    /** An account the client debits, funded for many {@link #amount()}s. */
    protected abstract AccountRef fundedSource();

    /** An account that accepts credits. */
    protected abstract AccountRef destination();

    /** An unknown or closed account the bank refuses as a destination. */
    protected abstract AccountRef refusedAccount();

    /** A small positive amount in the source's currency. */
    protected abstract Money amount();

    /** The sandbox balance of an account, read without going through the client. */
    protected abstract Money balance(AccountRef account);

    /** Adds money to an account in the sandbox, as if funds arrived. */
    protected abstract void deposit(AccountRef account, Money amount);

    /** How many times the sandbox executed a key, if it can tell; balances are checked either way. */
    protected OptionalInt executionCount(String idempotencyKey) {
        return OptionalInt.empty();
    }

    /** The fault injector, if the sandbox has one. */
    protected Optional<FaultInjector> faults() {
        return Optional.empty();
    }

    /** Faults the subclass declares it cannot inject; tests needing them are aborted, not failed. */
    protected Set<ContractFault> unsupportedFaults() {
        return Set.of();
    }

    /** The sandbox's notion of now, used as the requests' creation instant. */
    protected Instant now() {
        return Instant.now();
    }

    /** Lets time pass between re-sends (a simulation advances its clock; a real sandbox may do nothing). */
    protected void letTimePass(Duration duration) {
    }

    /** The prefix of the keys the tests make; by default unique per test instance. */
    protected String keyPrefix() {
        return "ct-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void same_key_twice_executes_once_and_answers_the_first_outcome() {
        TransferRequest request = request(destination(), amount());
        Money before = balance(fundedSource());

        TransferOutcome first = sendUntilDefinitive(request);
        TransferOutcome second = sendUntilDefinitive(request);

        assertThat(second).as("answer to the second send of key %s", request.idempotencyKey()).isEqualTo(first);
        assertExecutions(request, before, first instanceof TransferOutcome.Accepted ? 1 : 0);
    }

    @Test
    void same_key_with_another_body_is_never_success_nor_a_definitive_refusal() {
        TransferRequest original = request(destination(), amount());
        Money before = balance(fundedSource());
        TransferOutcome first = sendUntilDefinitive(original);

        List<TransferRequest> others = List.of(
                new TransferRequest(original.idempotencyKey(), original.source(), original.destination(),
                        original.amount().plus(amount()), original.memo(), original.createdAt()),
                new TransferRequest(original.idempotencyKey(), original.source(), refusedAccount(),
                        original.amount(), original.memo(), original.createdAt()),
                new TransferRequest(original.idempotencyKey(), original.source(), original.destination(),
                        original.amount(), "another memo", original.createdAt()));
        for (TransferRequest other : others) {
            TransferOutcome answer = sendUntilSentOnce(other);
            assertThat(answer).as("answer to key %s reused with another body %s", other.idempotencyKey(), other)
                    .isInstanceOf(TransferOutcome.Unknown.class);
        }
        assertExecutions(original, before, first instanceof TransferOutcome.Accepted ? 1 : 0);
    }

    @Test
    void a_rejected_key_never_executes_later_even_after_funds_arrive() {
        Money before = balance(fundedSource());
        Money tooMuch = before.plus(amount());
        TransferRequest request = request(destination(), tooMuch);

        TransferOutcome first = sendUntilDefinitive(request);
        assertThat(first).as("answer to %s, more than the balance %s", request, before)
                .isInstanceOf(TransferOutcome.Rejected.class);
        deposit(fundedSource(), tooMuch);
        TransferOutcome again = sendUntilDefinitive(request);

        assertThat(again).as("answer to a re-send after funds arrived").isEqualTo(first);
        assertThat(inquireUntilSettled(request.idempotencyKey()))
                .isEqualTo(new InquiryResult.Rejected((TransferOutcome.Rejected) first));
        assertThat(balance(fundedSource())).as("balance of the source").isEqualTo(before.plus(tooMuch));
        executionCount(request.idempotencyKey()).ifPresent(count -> assertThat(count).isZero());
    }

    @Test
    void a_definitive_rejection_moves_no_money() {
        TransferRequest request = request(refusedAccount(), amount());
        Money before = balance(fundedSource());

        TransferOutcome outcome = sendUntilDefinitive(request);

        assertThat(outcome).as("answer to a transfer to a refused account").isInstanceOf(TransferOutcome.Rejected.class);
        assertThat(((TransferOutcome.Rejected) outcome).closesKey()).isTrue();
        assertThat(inquireUntilSettled(request.idempotencyKey())).isInstanceOf(InquiryResult.Rejected.class);
        assertExecutions(request, before, 0);
    }

    @Test
    void inquiry_after_a_timeout_after_executing_tells_the_truth() {
        FaultInjector faults = requireFault(ContractFault.TIMEOUT_AFTER_EXECUTING);
        TransferRequest request = request(destination(), amount());
        Money before = balance(fundedSource());

        faults.timeOutNextCallAfterExecuting();
        assertThat(client().transfer(request)).as("answer to a call that timed out").isInstanceOf(TransferOutcome.Unknown.class);
        InquiryResult inquiry = inquireUntilSettled(request.idempotencyKey());

        assertInquiryMatchesMoney(request, before, inquiry);
        TransferOutcome resent = sendUntilDefinitive(request);
        if (inquiry instanceof InquiryResult.Executed executed) {
            assertThat(resent).as("answer to a re-send of an executed key").isEqualTo(executed.answer());
        }
        assertInquiryMatchesMoney(request, before, inquireUntilSettled(request.idempotencyKey()));
    }

    @Test
    void a_server_error_after_executing_is_unknown_never_a_refusal_and_inquiry_reports_the_execution() {
        FaultInjector faults = requireFault(ContractFault.SERVER_ERROR_AFTER_EXECUTING);
        TransferRequest request = request(destination(), amount());
        Money before = balance(fundedSource());

        faults.answerNextCallWithServerErrorAfterExecuting();
        TransferOutcome answer = client().transfer(request);

        assertThat(answer).as("answer to a call the bank processed but a gateway answered with HTTP 5xx"
                + " (a refusal here, above all one that closes the key, lets the engine debit the occurrence"
                + " again under a new key)").isInstanceOf(TransferOutcome.Unknown.class);
        InquiryResult inquiry = inquireUntilSettled(request.idempotencyKey());
        assertInquiryMatchesMoney(request, before, inquiry);
        TransferOutcome resent = sendUntilDefinitive(request);
        assertThat(resent).as("answer to a re-send after the server error")
                .isEqualTo(inquiry instanceof InquiryResult.Executed e ? e.answer() : ((InquiryResult.Rejected) inquiry).answer());
        assertInquiryMatchesMoney(request, before, inquireUntilSettled(request.idempotencyKey()));
    }

    @Test
    void inquiry_after_a_timeout_before_executing_reports_no_execution_and_the_key_can_be_resent() {
        FaultInjector faults = requireFault(ContractFault.TIMEOUT_BEFORE_EXECUTING);
        TransferRequest request = request(destination(), amount());
        Money before = balance(fundedSource());

        faults.timeOutNextCallBeforeExecuting();
        assertThat(client().transfer(request)).as("answer to a call that timed out").isInstanceOf(TransferOutcome.Unknown.class);

        assertThat(inquireUntilSettled(request.idempotencyKey())).isInstanceOf(InquiryResult.NotFound.class);
        assertExecutions(request, before, 0);
        TransferOutcome resent = sendUntilDefinitive(request);
        assertExecutions(request, before, resent instanceof TransferOutcome.Accepted ? 1 : 0);
    }

    @Test
    void not_found_is_never_definitive_a_late_request_still_executes_and_inquiry_then_reports_it() {
        FaultInjector faults = requireFault(ContractFault.LATE_ARRIVAL);
        TransferRequest request = request(destination(), amount());
        Money before = balance(fundedSource());

        faults.delayNextCallUntilLateDelivery();
        assertThat(client().transfer(request)).as("answer to a call that timed out").isInstanceOf(TransferOutcome.Unknown.class);
        assertThat(client().inquire(request.idempotencyKey())).as("inquiry while the request is in transit")
                .isInstanceOfAny(InquiryResult.NotFound.class, InquiryResult.InProgress.class, InquiryResult.Unavailable.class);
        assertExecutions(request, before, 0);

        faults.deliverLateRequests();
        InquiryResult inquiry = inquireUntilSettled(request.idempotencyKey());
        assertThat(inquiry.isDefinitive()).as("inquiry after the late request arrived: %s", inquiry).isTrue();
        assertInquiryMatchesMoney(request, before, inquiry);
        TransferOutcome resent = sendUntilDefinitive(request);
        assertThat(resent).as("answer to a re-send after the late request executed")
                .isEqualTo(inquiry instanceof InquiryResult.Executed e ? e.answer() : ((InquiryResult.Rejected) inquiry).answer());
        assertInquiryMatchesMoney(request, before, inquiry);
    }

    @Test
    void concurrent_sends_of_one_key_execute_once() throws Exception {
        TransferRequest request = request(destination(), amount());
        Money before = balance(fundedSource());

        List<TransferOutcome> outcomes = Concurrently.run(8, () -> sendUntilDefinitive(request));

        assertThat(outcomes).as("definitive answers to concurrent sends of one key").hasSize(8).allMatch(outcomes.get(0)::equals);
        assertExecutions(request, before, outcomes.get(0) instanceof TransferOutcome.Accepted ? 1 : 0);
    }

    @Test
    void an_accepted_answer_echoes_the_request_exactly() {
        Money before = balance(fundedSource());
        for (int i = 0; i < 20; i++) {
            TransferRequest request = request(destination(), amount());
            if (sendUntilDefinitive(request) instanceof TransferOutcome.Accepted accepted) {
                assertThat(accepted.echoMismatches(request)).as("echo of %s", request).isEmpty();
                assertThat(accepted.externalTransactionId()).isNotBlank();
                assertThat(inquireUntilSettled(request.idempotencyKey())).isEqualTo(new InquiryResult.Executed(accepted));
                assertThat(balance(fundedSource())).isEqualTo(before.minus(amount()));
                return;
            }
            before = balance(fundedSource());
            letTimePass(Duration.ofSeconds(1));
        }
        fail("no transfer of %s from %s to %s was accepted in 20 tries", amount(), fundedSource(), destination());
    }

    @Test
    void requests_older_than_the_key_retention_are_refused() {
        KeyRetention retention = client().terms().keyRetention();
        Instant now = now();
        Instant createdAt = now.minus(Duration.ofMinutes(1));
        while (!retention.isExpired(createdAt, now)) {
            createdAt = createdAt.minus(Duration.between(createdAt, now));
        }
        TransferRequest request = request(destination(), amount()).withCreatedAt(createdAt);
        Money before = balance(fundedSource());

        TransferOutcome outcome = sendUntilSentOnce(request);

        assertThat(outcome).as("answer to a request created at %s, retention %s", createdAt, retention)
                .isInstanceOfSatisfying(TransferOutcome.Rejected.class,
                        rejected -> assertThat(rejected.code().kind()).isEqualTo(RejectionCode.Kind.EXPIRED));
        assertExecutions(request, before, 0);
    }

    @Test
    void inquiry_of_a_key_never_sent_is_not_found() {
        assertThat(inquireUntilSettled(newKey())).isInstanceOf(InquiryResult.NotFound.class);
    }

    @Test
    void terms_are_sane() {
        BankTerms terms = client().terms();
        Instant now = now();

        assertThat(terms).isNotNull().isEqualTo(client().terms());
        assertThat(terms.requestsPerSecond()).isPositive();
        assertThat(terms.keyRetention().expiresAt(now)).as("key retention %s", terms.keyRetention())
                .isAfter(now).isBefore(now.plus(KeyRetention.MAX_DURATION).plusSeconds(1));
    }

    /** A fresh key for this test. */
    protected final String newKey() {
        return keyPrefix + ":" + keys.incrementAndGet();
    }

    /** A fresh request from the funded source, created now. */
    protected final TransferRequest request(AccountRef to, Money money) {
        return new TransferRequest(newKey(), fundedSource(), to, money, "contract test", now());
    }

    /** Sends the same request until the answer closes the key (Accepted or a BUSINESS/SYSTEM refusal). */
    protected final TransferOutcome sendUntilDefinitive(TransferRequest request) {
        return Outcomes.retry(MAX_TRIES, () -> client().transfer(request), Outcomes::closesKey, this::settle,
                "a definitive answer to " + request);
    }

    /** Sends the same request until it was not refused as "not sent" nor lost (answers other than TIMEOUT). */
    protected final TransferOutcome sendUntilSentOnce(TransferRequest request) {
        return Outcomes.retry(MAX_TRIES, () -> client().transfer(request), Outcomes::wasProcessed, this::settle,
                "a processed answer to " + request);
    }

    /** Inquires until the answer is Executed, Rejected or NotFound. */
    protected final InquiryResult inquireUntilSettled(String key) {
        return Outcomes.retry(MAX_TRIES, () -> client().inquire(key),
                result -> result.isDefinitive() || result instanceof InquiryResult.NotFound, this::settle,
                "a settled inquiry of " + key);
    }

    private void settle() {
        letTimePass(Duration.ofSeconds(1));
    }

    private FaultInjector requireFault(ContractFault fault) {
        Assumptions.assumeFalse(unsupportedFaults().contains(fault),
                () -> "the subclass declares " + fault + " unsupported");
        return faults().orElseThrow(() -> new AssertionError("this test needs a FaultInjector for " + fault
                + ": override faults() in " + getClass().getSimpleName()
                + ", or declare the fault in unsupportedFaults() to skip it explicitly"));
    }

    private void assertInquiryMatchesMoney(TransferRequest request, Money before, InquiryResult inquiry) {
        boolean executed = inquiry instanceof InquiryResult.Executed;
        assertThat(inquiry).as("inquiry of %s", request.idempotencyKey())
                .isInstanceOfAny(InquiryResult.Executed.class, InquiryResult.Rejected.class);
        assertExecutions(request, before, executed ? 1 : 0);
    }

    private void assertExecutions(TransferRequest request, Money before, int expected) {
        Money debited = request.amount();
        Money expectedBalance = expected == 1 ? before.minus(debited) : before;
        assertThat(balance(fundedSource())).as("balance of the source after key %s (expected %s execution(s))",
                request.idempotencyKey(), expected).isEqualTo(expectedBalance);
        executionCount(request.idempotencyKey()).ifPresent(count ->
                assertThat(count).as("executions of key %s", request.idempotencyKey()).isEqualTo(expected));
    }
}
