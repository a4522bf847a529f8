package dev.autotransfer.examples.http;

import dev.autotransfer.bank.sim.SimulatedBankConfig;

/**
 * The contract over HTTP again, with the simulated bank's random faults switched on as in its own
 * under-faults contract test: lost answers reach the client as dropped connections, outages with a
 * known key as 503s.
 */
class HttpBankClientUnderFaultsContractTest extends HttpBankClientContractTest {

    @Override
    protected SimulatedBankConfig config() {
        return underFaults();
    }
}
