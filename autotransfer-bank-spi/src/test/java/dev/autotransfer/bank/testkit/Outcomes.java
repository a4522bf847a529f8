package dev.autotransfer.bank.testkit;

import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.UnknownReason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Retry loops and answer classifications shared by the contract tests. */
final class Outcomes {

    private Outcomes() {
    }

    /** Whether the answer settles the key: Accepted, or a refusal that closes the key. */
    static boolean closesKey(TransferOutcome outcome) {
        return outcome instanceof TransferOutcome.Accepted
                || outcome instanceof TransferOutcome.Rejected rejected && rejected.closesKey();
    }

    /** Whether the bank processed the request: anything but a "not sent" refusal, a timeout or "in progress". */
    static boolean wasProcessed(TransferOutcome outcome) {
        if (outcome instanceof TransferOutcome.Rejected rejected) {
            return rejected.code().kind() != dev.autotransfer.bank.RejectionCode.Kind.NOT_SENT;
        }
        if (outcome instanceof TransferOutcome.Unknown unknown) {
            return unknown.reason() != UnknownReason.TIMEOUT && unknown.reason() != UnknownReason.IN_PROGRESS
                    && unknown.reason() != UnknownReason.BANK_ERROR && unknown.reason() != UnknownReason.CONNECTION_RESET;
        }
        return true;
    }

    /** Calls {@code call} until {@code done} accepts its answer, running {@code between} after each other answer. */
    static <T> T retry(int maxTries, Supplier<T> call, Predicate<T> done, Runnable between, String wanted) {
        List<T> answers = new ArrayList<>();
        // at least maxTries, and for a few seconds of real time: a concurrent sender holding the key
        // may be descheduled while the others see "in progress", and a simulated clock does not wait
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (int i = 0; i < maxTries || System.nanoTime() < deadline; i++) {
            T answer = call.get();
            if (answer == null) {
                throw new AssertionError("the client answered null while waiting for " + wanted);
            }
            if (done.test(answer)) {
                return answer;
            }
            if (answers.size() < maxTries) {
                answers.add(answer);
            }
            between.run();
            Thread.yield();
        }
        throw new AssertionError("no " + wanted + " in " + maxTries + " tries; answers: " + answers);
    }
}
