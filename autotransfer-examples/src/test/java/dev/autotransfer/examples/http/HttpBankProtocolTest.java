package dev.autotransfer.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.bank.sim.MutableClock;
import dev.autotransfer.bank.sim.ScriptedFault;
import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.bank.sim.SimulatedBankConfig;
import dev.autotransfer.bank.sim.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated bank's uncertain answers cross the HTTP protocol as a real bank's would: a lost answer
 * as a dropped connection, a gateway error as HTTP 503, a reused key as its own unknown reason; and one
 * server serves several bank codes.
 */
class HttpBankProtocolTest {

    private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final SimulatedBank bank = new SimulatedBank(7L, clock, Sleeper.advancing(clock));
    private final AccountRef source = AccountRef.of("004", "1002-3344-5566");
    private final AccountRef other = AccountRef.of("088", "3002-3344-5566");
    private final SimulatedBankServer server;

    HttpBankProtocolTest() {
        bank.configure("088", SimulatedBankConfig.custom().keyRetention(KeyRetention.perCalendarDay(ZoneId.of("Asia/Seoul")))
                .requestsPerSecond(7).build());
        bank.openAccount(source, Money.krw(1_000_000));
        bank.openAccount(other, Money.krw(1_000_000));
        server = SimulatedBankServer.start(bank, 0, List.of("004", "088"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_lost_answer_is_a_dropped_connection_and_the_transfer_still_executed() {
        bank.scriptNextTransfer("004", ScriptedFault.TIMEOUT_AFTER_EXECUTING);
        TransferRequest request = request("k:1", source, other);

        assertThat(client("004").transfer(request)).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                unknown -> assertThat(unknown.reason()).isEqualTo(UnknownReason.CONNECTION_RESET));
        assertThat(bank.executionCount("k:1")).isEqualTo(1);
        assertThat(client("004").inquire("k:1")).isInstanceOf(InquiryResult.Executed.class);
    }

    @Test
    void a_server_error_after_executing_is_a_503_and_unknown_with_bank_error() {
        bank.scriptNextTransfer("004", ScriptedFault.SERVER_ERROR_AFTER_EXECUTING);

        assertThat(client("004").transfer(request("k:2", source, other))).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                unknown -> assertThat(unknown.reason()).isEqualTo(UnknownReason.BANK_ERROR));
        assertThat(bank.executionCount("k:2")).isEqualTo(1);
    }

    @Test
    void a_key_reused_with_another_body_is_unknown_with_its_reason() {
        HttpBankClient client = client("004");
        TransferRequest first = request("k:3", source, other);
        assertThat(client.transfer(first)).isInstanceOf(TransferOutcome.Accepted.class);

        TransferOutcome reused = client.transfer(new TransferRequest("k:3", source, other, Money.krw(2), "x", START));

        assertThat(reused).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                unknown -> assertThat(unknown.reason()).isEqualTo(UnknownReason.KEY_REUSED_WITH_OTHER_BODY));
        assertThat(bank.executionCount("k:3")).isEqualTo(1);
    }

    @Test
    void one_server_serves_each_bank_code_with_its_own_terms() {
        assertThat(client("088").terms()).isEqualTo(new BankTerms(KeyRetention.perCalendarDay(ZoneId.of("Asia/Seoul")), 7));
        assertThat(client("004").terms()).isEqualTo(bank.client("004").terms());
        assertThat(client("088").transfer(request("k:4", other, source))).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(bank.balance(other)).isEqualTo(Money.krw(1_000_000 - 1_000));
    }

    @Test
    void a_bank_code_not_served_is_unknown_and_unavailable_never_a_refusal_nor_not_found() {
        HttpBankClient client = client("999");

        assertThat(client.transfer(request("k:5", source, other))).isInstanceOf(TransferOutcome.Unknown.class);
        assertThat(client.inquire("k:5")).isInstanceOf(InquiryResult.Unavailable.class);
    }

    @Test
    void a_closed_server_is_unknown_and_unavailable() {
        HttpBankClient client = client("004");
        server.close();

        assertThat(client.transfer(request("k:6", source, other))).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                unknown -> assertThat(unknown.reason()).isEqualTo(UnknownReason.CONNECTION_RESET));
        assertThat(client.inquire("k:6")).isInstanceOf(InquiryResult.Unavailable.class);
    }

    private HttpBankClient client(String bankCode) {
        return new HttpBankClient(HttpBankClientConfig.custom().baseUri(server.baseUri()).bankCode(bankCode)
                .requestTimeout(Duration.ofSeconds(2)).build());
    }

    private TransferRequest request(String key, AccountRef from, AccountRef to) {
        return new TransferRequest(key, from, to, Money.krw(1_000), "protocol test", clock.instant());
    }
}
