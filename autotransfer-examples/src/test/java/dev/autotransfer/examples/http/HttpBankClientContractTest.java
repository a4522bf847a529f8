package dev.autotransfer.examples.http;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import dev.autotransfer.bank.testkit.BankClientContractTest;
import dev.autotransfer.bank.testkit.FaultInjector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link HttpBankClient} talking to a {@link SimulatedBankServer} over loopback passes the BankClient
 * contract, with the simulated bank's scripted faults (timeouts before and after executing, late
 * arrival, a 503 after executing) crossing the network as lost answers and HTTP errors.
 */
class HttpBankClientContractTest extends BankClientContractTest {

    static final String BANK = "004";
    static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final SimulatedBank bank = new SimulatedBank(1L, clock, Sleeper.advancing(clock));
    final AccountRef source = AccountRef.of(BANK, "1002-3344-5566");
    final AccountRef destination = AccountRef.of(BANK, "2002-3344-5566");
    final AccountRef unknown = AccountRef.of(BANK, "0000-0000-0000");
    private final SimulatedBankServer server;
    private final HttpBankClient client;

    HttpBankClientContractTest() {
        bank.configure(BANK, config());
        bank.openAccount(source, Money.krw(10_000_000));
        bank.openAccount(destination, Money.krw(0));
        server = SimulatedBankServer.start(bank, 0, List.of(BANK));
        client = new HttpBankClient(HttpBankClientConfig.custom().baseUri(server.baseUri()).bankCode(BANK)
                .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).build());
    }

    /** The simulated bank's behaviour; the default has no random faults. */
    SimulatedBankConfig config() {
        return SimulatedBankConfig.ofDefaults();
    }

    @AfterEach
    void stopServer() {
        server.close();
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
        return "http";
    }
}
