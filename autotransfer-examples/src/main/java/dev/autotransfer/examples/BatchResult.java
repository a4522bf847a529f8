package dev.autotransfer.examples;

import java.util.Map;

/**
 * What one run of the example did, for its caller and its tests: the registration, the summary read from
 * the database, the check against the banks' own record, and the banks' debits by bank.
 *
 * <p>Immutable and thread-safe.
 *
 * @param registration the batch's schedules and how many were new
 * @param finished whether every open occurrence reached its end within the time limit
 * @param summary the outcome per bank, from history and the dead-letter queue
 * @param check history against the banks' record
 * @param debitsByBank debits the banks executed in this run, by the source account's bank
 * @param banks the simulated banks, whose own record tests read
 */
record BatchResult(BatchSchedules.Registration registration, boolean finished, BatchSummary summary,
        BankRecordCheck check, Map<String, Integer> debitsByBank, BatchBanks banks) {

    boolean ok() {
        return finished && check.ok();
    }
}
