package dev.autotransfer.examples.http;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.sim.SimulatedBankContractTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link HttpBankClient} talking to a {@link SimulatedBankServer} over loopback passes the BankClient
 * contract, with the simulated bank's accounts and scripted faults (timeouts before and after
 * executing, late arrival, a 503 after executing) crossing the network as lost answers and HTTP errors.
 */
class HttpBankClientContractTest extends SimulatedBankContractTest {

    private final SimulatedBankServer server = SimulatedBankServer.start(bank, 0, List.of(BANK));
    private final HttpBankClient client = new HttpBankClient(HttpBankClientConfig.custom()
            .baseUri(server.baseUri()).bankCode(BANK)
            .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).build());

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected BankClient client() {
        return client;
    }

    @Override
    protected String keyPrefix() {
        return "http";
    }
}
