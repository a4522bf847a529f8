package dev.autotransfer.bank.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated bank passes the BankClient contract with every fault it has switched on at random
 * (slow answers, timeouts before and after execution, late arrival, duplicate delivery, "in
 * progress", rejections, two outages, a tight quota, a short key retention), from a fixed seed;
 * {@code -Dsimulation.seed=N} replays another. Only the wrong echo, a deliberate contract breach, is off.
 *
 * <p>The claim is proven, not assumed: each test's bank adds its {@link FaultCounts} to a class-wide
 * total, and after the class every fault in {@link #MUST_BE_HIT} must have been hit at least once,
 * the outages included (each test starts at {@code START} and its clock moves about a second per
 * retry, so one outage sits in the first seconds, where every test passes, and a second one at 30 s,
 * which the longer tests cross with transfers and inquiries in flight). The kit's scenarios send
 * only a dozen new keys per run, too few to meet a 3% fault under every seed, so
 * {@link #many_keys_each_execute_at_most_once_and_inquiry_and_money_agree_under_every_fault()} adds
 * volume with the kit's own helpers and checks the contract per key. Key retention is proven by the
 * refusal of expired requests; no test lives long enough for the bank to forget a key (that is
 * {@code SimulatedBankRetentionTest}'s job).
 */
class SimulatedBankUnderFaultsContractTest extends SimulatedBankContractTest {

    /** The fault counts that must be non-zero after the whole class ran. */
    static final List<String> MUST_BE_HIT = List.of(
            "randomTimeoutsBeforeExecuting", "randomTimeoutsAfterExecuting", "randomLateArrivals",
            "randomAcknowledgedLateArrivals", "randomDuplicateDeliveries", "randomInsufficientFunds",
            "randomAccountsClosed", "randomInvalidAccounts", "inProgressAnswers", "rateLimitedAnswers",
            "outageTransfers", "outageInquiries", "expiredRequests", "lateDeliveries");

    private static final int SOAK_KEYS = 300;
    private static final AtomicReference<FaultCounts> TOTAL = new AtomicReference<>(FaultCounts.NONE);
    private static final AtomicInteger TESTS_RUN = new AtomicInteger();

    @Override
    protected long seed() {
        return SimulationSeed.get(20261125L);
    }

    @Override
    protected SimulatedBankConfig config() {
        return underFaults();
    }

    @Test
    void many_keys_each_execute_at_most_once_and_inquiry_and_money_agree_under_every_fault() {
        Money start = balance(fundedSource());
        Map<TransferRequest, TransferOutcome> firstAnswers = new LinkedHashMap<>();
        for (int i = 0; i < SOAK_KEYS; i++) {
            TransferRequest request = request(i % 10 == 9 ? refusedAccount() : destination(), amount());
            TransferOutcome first = sendInquiringBetweenResends(request);
            assertThat(inquireUntilSettled(request.idempotencyKey())).as("inquiry of %s", request.idempotencyKey())
                    .isEqualTo(first instanceof TransferOutcome.Accepted accepted ? new InquiryResult.Executed(accepted)
                            : new InquiryResult.Rejected((TransferOutcome.Rejected) first));
            assertThat(sendInquiringBetweenResends(request)).as("re-send of %s", request.idempotencyKey()).isEqualTo(first);
            firstAnswers.put(request, first);
        }
        letTimePass(Duration.ofSeconds(10));
        bank.deliverAllLateRequests();

        long accepted = 0;
        for (Map.Entry<TransferRequest, TransferOutcome> entry : firstAnswers.entrySet()) {
            int expected = entry.getValue() instanceof TransferOutcome.Accepted ? 1 : 0;
            accepted += expected;
            assertThat(bank.executionCount(entry.getKey().idempotencyKey()))
                    .as("executions of %s, answered %s", entry.getKey().idempotencyKey(), entry.getValue())
                    .isEqualTo(expected);
        }
        assertThat(bank.executedDebits()).hasSize((int) accepted);
        assertThat(balance(fundedSource())).isEqualTo(start.minus(Money.krw(accepted * amount().minorUnits())));
        assertThat(accepted).as("accepted keys of %s", SOAK_KEYS).isBetween(SOAK_KEYS / 2L, SOAK_KEYS - 1L);
        assertThat(clock.instant()).as("the clock crossed both outages").isAfter(START.plusSeconds(40));
    }

    /**
     * Sends until the key is settled and, as the engine does with an open key, asks the bank about it
     * between re-sends: a definitive inquiry must agree with the final answer.
     */
    private TransferOutcome sendInquiringBetweenResends(TransferRequest request) {
        List<Object> answers = new ArrayList<>();
        InquiryResult definitiveInquiry = null;
        for (int i = 0; i < 60; i++) {
            TransferOutcome answer = client().transfer(request);
            answers.add(answer);
            if (answer instanceof TransferOutcome.Accepted
                    || answer instanceof TransferOutcome.Rejected rejected && rejected.closesKey()) {
                if (definitiveInquiry != null) {
                    assertThat(answer).as("final answer to %s after the inquiry said %s", request.idempotencyKey(),
                            definitiveInquiry).isEqualTo(definitiveInquiry instanceof InquiryResult.Executed e
                                    ? e.answer() : ((InquiryResult.Rejected) definitiveInquiry).answer());
                }
                return answer;
            }
            InquiryResult inquiry = client().inquire(request.idempotencyKey());
            answers.add(inquiry);
            if (inquiry.isDefinitive()) {
                definitiveInquiry = inquiry;
            }
            letTimePass(Duration.ofSeconds(1));
        }
        throw new AssertionError("no definitive answer to " + request + " in 60 tries; answers: " + answers);
    }

    @BeforeAll
    static void startCounting() {
        TOTAL.set(FaultCounts.NONE);
        TESTS_RUN.set(0);
    }

    @AfterEach
    void addThisTestsFaultCounts() {
        TOTAL.accumulateAndGet(bank.faultCounts(), FaultCounts::plus);
        TESTS_RUN.incrementAndGet();
    }

    @AfterAll
    static void everyFaultWasHitAtLeastOnce() {
        FaultCounts total = TOTAL.get();
        System.out.println("faults hit under " + SimulatedBankUnderFaultsContractTest.class.getSimpleName()
                + " in " + TESTS_RUN.get() + " tests: " + total.asMap());
        if (TESTS_RUN.get() < contractTestCount()) {
            System.out.println("only " + TESTS_RUN.get() + " of " + contractTestCount()
                    + " tests ran (a filtered run); the every-fault check needs the whole class and is not made");
            return;
        }
        assertThat(total.neverHit(MUST_BE_HIT))
                .as("faults never hit by the contract tests (so the claim 'passes with every fault' is unproven"
                        + " for them); counts: %s", total.asMap())
                .isEmpty();
    }

    private static int contractTestCount() {
        int count = 0;
        for (Class<?> type = SimulatedBankUnderFaultsContractTest.class; type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Test.class)) {
                    count++;
                }
            }
        }
        return count;
    }
}
