package dev.autotransfer.examples;

import dev.autotransfer.bank.sim.SimulatedBank;
import dev.autotransfer.engine.AutoTransferEngine;
import dev.autotransfer.jdbc.JdbcRunStore;
import dev.autotransfer.spi.RunStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The quota benchmark's two strain modes, each against a bank that changes midway: {@code rollout}
 * (a tenth of its transfers start failing: when does the run stop itself, and how much went out
 * after the failures began) and {@code backpressure} (its latency rises tenfold: requests per
 * second, calls in flight and failures before and after). Figures one a line. Not thread-safe; one
 * run at a time.
 */
final class StrainRuns {

    private final PrintStream out;
    private final SimulatedBank bank;
    private final String bankCode;
    private final Clock clock;

    StrainRuns(PrintStream out, SimulatedBank bank, String bankCode, Clock clock) {
        this.out = out;
        this.bank = bank;
        this.bankCode = bankCode;
        this.clock = clock;
    }

    /**
     * Runs until the run of {@code today} is STOPPED (or the timeout), the bank failing from
     * {@code failFrom}; prints the stop's delay and the requests sent between the failures' start and
     * the stop, and after the stop.
     *
     * @return whether the run stopped itself
     */
    boolean rollout(List<AutoTransferEngine> engines, JdbcRunStore runs, LocalDate today, Instant failFrom,
            Duration window, int timeoutSeconds) {
        engines.forEach(AutoTransferEngine::start);
        waitUntil(failFrom);
        long requestsAtFailure = bank.totalRequests();
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        Optional<RunStore.RunView> stopped = Optional.empty();
        while (System.nanoTime() < deadline) {
            stopped = runs.find(today).filter(v -> v.status() == RunStore.RunStatus.STOPPED);
            if (stopped.isPresent()) {
                break;
            }
            LockSupport.parkNanos(50_000_000);
        }
        long requestsAtStop = bank.totalRequests();
        long inquiriesAtStop = bank.totalInquiries();
        LockSupport.parkNanos(5_000_000_000L);
        long transfersAfterStop = bank.totalRequests() - requestsAtStop;
        long inquiriesAfterStop = bank.totalInquiries() - inquiriesAtStop;
        engines.forEach(AutoTransferEngine::close);
        out.printf("rollout.failures_from %s%n", failFrom);
        out.printf("rollout.evaluation_window_s %d%n", window.toSeconds());
        if (stopped.isEmpty()) {
            out.printf("rollout.stopped no (within --timeout-s %d)%n", timeoutSeconds);
            return false;
        }
        RunStore.RunRollout rollout = stopped.get().rollout();
        out.printf("rollout.stopped_at %s%n", rollout.stoppedAt());
        out.printf("rollout.stop_after_failures_began_s %.1f%n",
                Duration.between(failFrom, rollout.stoppedAt()).toMillis() / 1000.0);
        out.printf("rollout.stop_reason %s%n", rollout.stopReason());
        out.printf("rollout.requests_between_failures_and_stop %d%n", requestsAtStop - requestsAtFailure);
        out.printf("rollout.transfer_requests_5s_after_stop %d%n", transfersAfterStop);
        out.printf("rollout.inquiries_5s_after_stop %d%n", inquiriesAfterStop);
        out.printf("rollout.executed_debits %d%n", bank.executedDebits().size());
        out.printf("rollout.bank_occurrences_executed_more_than_once %d%n",
                bank.occurrencesExecutedMoreThanOnce().size());
        return bank.occurrencesExecutedMoreThanOnce().isEmpty();
    }

    /**
     * Samples the bank every second for {@code seconds}, its latency rising at {@code slowFrom}; prints
     * each second and the means of the two halves (the first and last few seconds of each left out).
     */
    void backpressure(List<AutoTransferEngine> engines, Instant slowFrom, int seconds) {
        engines.forEach(AutoTransferEngine::start);
        Instant start = clock.instant();
        long requests = bank.totalRequests();
        long failures = bank.faultCounts(bankCode).randomSystemFailures();
        double[] before = new double[3];
        double[] after = new double[3];
        int nBefore = 0;
        int nAfter = 0;
        for (int s = 1; s <= seconds; s++) {
            waitUntil(start.plusSeconds(s));
            long r = bank.totalRequests();
            long f = bank.faultCounts(bankCode).randomSystemFailures();
            int inFlight = bank.callsInFlight(bankCode);
            double perSecond = r - requests;
            double failed = perSecond == 0 ? 0 : 100.0 * (f - failures) / perSecond;
            requests = r;
            failures = f;
            Instant now = start.plusSeconds(s);
            out.printf("backpressure.second %d requests %d in_flight %d system_failures_pct %.1f%s%n", s,
                    (long) perSecond, inFlight, failed, now.isAfter(slowFrom) ? " (slow)" : "");
            long fromChange = Duration.between(slowFrom, now).toSeconds();
            double[] into = fromChange <= -3 && s > 5 ? before : fromChange >= 10 ? after : null;
            if (into != null) {
                into[0] += perSecond;
                into[1] += inFlight;
                into[2] += failed;
                if (into == before) {
                    nBefore++;
                } else {
                    nAfter++;
                }
            }
        }
        engines.forEach(AutoTransferEngine::close);
        print("before", before, nBefore);
        print("after", after, nAfter);
    }

    private void print(String phase, double[] sums, int n) {
        int d = Math.max(1, n);
        out.printf("backpressure.%s.requests_per_second %.1f%n", phase, sums[0] / d);
        out.printf("backpressure.%s.calls_in_flight %.1f%n", phase, sums[1] / d);
        out.printf("backpressure.%s.system_failures_pct %.1f%n", phase, sums[2] / d);
    }

    private void waitUntil(Instant instant) {
        long nanos;
        while ((nanos = Duration.between(clock.instant(), instant).toNanos()) > 0) {
            LockSupport.parkNanos(Math.min(nanos, 50_000_000));
        }
    }
}
