package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.testkit.BankClientContractTest;
import dev.autotransfer.bank.testkit.FaultInjector;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The simulated bank, with no faults configured, passes the BankClient contract. Public in the
 * test-jar so that an adapter in front of a simulated bank (a network protocol, say) can run the
 * same contract with the same accounts and scripted faults by overriding {@link #client()}; one
 * instance per test, not thread-safe beyond what the kit itself does.
 */
public class SimulatedBankContractTest extends BankClientContractTest {

    protected static final String BANK = "004";
    protected static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

    protected final MutableClock clock = new MutableClock(START);
    protected final SimulatedBank bank = new SimulatedBank(seed(), clock, Sleeper.advancing(clock));
    final AccountRef source = AccountRef.of(BANK, "1002-3344-5566");
    final AccountRef destination = AccountRef.of(BANK, "2002-3344-5566");
    final AccountRef external = AccountRef.of("088", "9999-0000-1111");
    final AccountRef unknown = AccountRef.of(BANK, "0000-0000-0000");
    private final BankClient client;

    protected SimulatedBankContractTest() {
        bank.configure(BANK, config());
        bank.openAccount(source, Money.krw(10_000_000));
        bank.openAccount(destination, Money.krw(0));
        client = bank.client(BANK);
    }

    /** The bank's behaviour; the default has no faults. */
    protected SimulatedBankConfig config() {
        return SimulatedBankConfig.ofDefaults();
    }

    /** The bank's random seed. */
    protected long seed() {
        return 1L;
    }

    /**
     * Every random fault of the simulated bank switched on (slow answers, timeouts before and after
     * executing, late arrival, duplicate delivery, "in progress", random refusals, two outages, a
     * tight quota, a short key retention), as the under-faults contract runs it.
     */
    protected static SimulatedBankConfig underFaults() {
        return SimulatedBankConfig.custom()
                .randomLatency(Duration.ofMillis(5), Duration.ofMillis(400))
                .timeoutBeforeExecutingProbability(0.15)
                .timeoutAfterExecutingProbability(0.15)
                .lateArrivalProbability(0.5)
                .lateArrivalDelay(Duration.ofMillis(500), Duration.ofSeconds(4))
                .inProgressProbability(0.5)
                .duplicateDeliveryProbability(0.2)
                .insufficientFundsProbability(0.03)
                .accountClosedProbability(0.03)
                .invalidAccountProbability(0.03)
                .outage(START.plusSeconds(1), START.plusSeconds(4))
                .outage(START.plusSeconds(30), START.plusSeconds(40))
                .requestsPerSecond(3)
                .keyRetention(Duration.ofHours(2))
                .build();
    }

    @Override
    protected BankClient client() {
        return client;
    }

    @Override
    protected AccountRef fundedSource() {
        return source;
    }

    @Override
    protected AccountRef destination() {
        return destination;
    }

    @Override
    protected AccountRef refusedAccount() {
        return unknown;
    }

    @Override
    protected Money amount() {
        return Money.krw(10_000);
    }

    @Override
    protected Money balance(AccountRef account) {
        return bank.balance(account);
    }

    @Override
    protected void deposit(AccountRef account, Money amount) {
        bank.deposit(account, amount);
    }

    @Override
    protected OptionalInt executionCount(String idempotencyKey) {
        return OptionalInt.of(bank.executionCount(idempotencyKey));
    }

    @Override
    protected Optional<FaultInjector> faults() {
        return Optional.of(new FaultInjector() {
            @Override
            public void timeOutNextCallAfterExecuting() {
                bank.scriptNextTransfer(BANK, ScriptedFault.TIMEOUT_AFTER_EXECUTING);
            }

            @Override
            public void answerNextCallWithServerErrorAfterExecuting() {
                bank.scriptNextTransfer(BANK, ScriptedFault.SERVER_ERROR_AFTER_EXECUTING);
            }

            @Override
            public void timeOutNextCallBeforeExecuting() {
                bank.scriptNextTransfer(BANK, ScriptedFault.TIMEOUT_BEFORE_EXECUTING);
            }

            @Override
            public void delayNextCallUntilLateDelivery() {
                bank.scriptNextTransfer(BANK, ScriptedFault.LATE_ARRIVAL);
            }

            @Override
            public void deliverLateRequests() {
                bank.deliverAllLateRequests();
            }
        });
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void letTimePass(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected String keyPrefix() {
        return "sim";
    }
}
