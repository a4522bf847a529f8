package dev.autotransfer.simulation;

import dev.autotransfer.bank.sim.FaultCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a simulation run did, summed over its scenarios: scenarios, steps, crashes by point, faults by
 * kind (the banks' own fault counts, the injected database errors, the harness's own events) and
 * violations. Thread-safe.
 */
final class Stats {

    /** Every fault kind a CI run must reach at least once, or it proves nothing about it. */
    static final List<String> REQUIRED_FAULTS = List.of(
            // the simulated banks' own counts
            "randomTimeoutsBeforeExecuting", "randomTimeoutsAfterExecuting", "randomLateArrivals",
            "randomAcknowledgedLateArrivals", "randomDuplicateDeliveries", "randomInsufficientFunds",
            "randomAccountsClosed", "randomInvalidAccounts", "randomWrongEchoes", "inProgressAnswers",
            "outageTransfers", "forgottenKeys", "lateDeliveries", "scriptedFaults",
            // injected database errors
            "db." + DbFaultKind.LOCK_TIMEOUT, "db." + DbFaultKind.DEADLOCK, "db." + DbFaultKind.SERIALIZATION_FAILURE,
            "db." + DbFaultKind.LOST_COMMIT_APPLIED, "db." + DbFaultKind.LOST_COMMIT_DROPPED,
            // what the harness made happen
            "slowAnswers", "staleWritesFenced", "skewedEngines", "engineDownForDays", "registeredTwice",
            "editsWithOpenAttempt", "pauses", "cancels", "requeues", "escalatedToPerson", "poisonDeadLettered",
            "twoEnginesSameRows",
            // the ledger's accounts: the customers' own operations, standing orders paid from a main account
            // (moves into savings, payouts out, top-ups pulled for them, refusals at the daily limit) and
            // engines dying inside the ledger's call after the outside bank executed
            "accountOperations", "accountTopUps", "ledgerMoves", "ledgerPayouts", "ledgerTopUpsForTransfers",
            "ledgerLimitRefusals", "crashesInsideLedger");

    private final AtomicLong scenarios = new AtomicLong();
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();
    private final Map<String, AtomicLong> crashes = new TreeMap<>();
    private final Map<String, AtomicLong> faults = new TreeMap<>();
    private final List<String> firstViolations = new ArrayList<>();
    /** The JVM's CPU time when these figures began: the CPU a run took says more than its wall time on a shared machine. */
    private final long cpuAtStart = processCpuNanos();

    Stats() {
        for (CrashPoint point : CrashPoint.values()) {
            crashes.put(point.name(), new AtomicLong());
        }
        for (String fault : REQUIRED_FAULTS) {
            faults.put(fault, new AtomicLong());
        }
    }

    void scenario() {
        scenarios.incrementAndGet();
    }

    void step() {
        steps.incrementAndGet();
    }

    synchronized void crash(CrashPoint point) {
        crashes.get(point.name()).incrementAndGet();
    }

    synchronized void fault(String kind) {
        faults.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    synchronized void bankFaults(FaultCounts counts) {
        counts.asMap().forEach((kind, n) -> faults.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n));
    }

    synchronized void violation(String description) {
        violations.incrementAndGet();
        if (firstViolations.size() < 20) {
            firstViolations.add(description);
        }
    }

    long scenarios() {
        return scenarios.get();
    }

    long violations() {
        return violations.get();
    }

    synchronized List<String> firstViolations() {
        return List.copyOf(firstViolations);
    }

    /** Crash points and required fault kinds not reached at all. */
    synchronized List<String> neverReached() {
        List<String> missing = new ArrayList<>();
        crashes.forEach((point, n) -> {
            if (n.get() == 0) {
                missing.add("crash." + point);
            }
        });
        for (String fault : REQUIRED_FAULTS) {
            if (faults.get(fault).get() == 0) {
                missing.add(fault);
            }
        }
        return missing;
    }

    synchronized long crashes() {
        return crashes.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** The run's one line of figures. */
    synchronized String line(String label, double seconds, String note) {
        StringBuilder crashText = new StringBuilder();
        crashes.forEach((point, n) -> crashText.append(crashText.length() == 0 ? "" : ",").append(point).append('=')
                .append(n.get()));
        StringBuilder faultText = new StringBuilder();
        faults.forEach((kind, n) -> {
            if (n.get() > 0) {
                faultText.append(faultText.length() == 0 ? "" : ",").append(kind).append('=').append(n.get());
            }
        });
        return String.format("SIMULATION %s: scenarios=%d steps=%d crashes=%d [%s] faults [%s] violations=%d "
                        + "seconds=%.1f jvmCpuSeconds=%.1f (%s)", label, scenarios.get(), steps.get(), crashes(), crashText,
                faultText, violations.get(), seconds, (processCpuNanos() - cpuAtStart) / 1e9, note);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
