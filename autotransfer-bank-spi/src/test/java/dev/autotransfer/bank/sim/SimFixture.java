package dev.autotransfer.bank.sim;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferRequest;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** One simulated bank "004" with a funded source, a destination in the simulation, and helpers. */
class SimFixture {

    static final String BANK = "004";
    static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final SimulatedBank bank;
    final AccountRef source = AccountRef.of(BANK, "1002-3344-5566");
    final AccountRef destination = AccountRef.of(BANK, "2002-3344-5566");
    final AccountRef external = AccountRef.of("088", "9999-0000-1111");
    final BankClient client;
    private final AtomicInteger keys = new AtomicInteger();

    SimFixture(SimulatedBankConfig config) {
        this(config, 7L);
    }

    SimFixture(SimulatedBankConfig config, long seed) {
        this(config, seed, null);
    }

    /** A fixture whose bank spends latency through {@code sleeper} instead of advancing the clock. */
    SimFixture(SimulatedBankConfig config, Sleeper sleeper) {
        this(config, 7L, sleeper);
    }

    private SimFixture(SimulatedBankConfig config, long seed, Sleeper sleeper) {
        bank = new SimulatedBank(seed, clock, sleeper == null ? Sleeper.advancing(clock) : sleeper);
        bank.configure(BANK, config);
        bank.openAccount(source, Money.krw(1_000_000));
        bank.openAccount(destination, Money.krw(0));
        client = bank.client(BANK);
    }

    TransferRequest request(long won) {
        return request(destination, won);
    }

    TransferRequest request(AccountRef to, long won) {
        return new TransferRequest("k:" + keys.incrementAndGet(), source, to, Money.krw(won), "test", clock.instant());
    }
}
