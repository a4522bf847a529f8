package dev.autotransfer.examples;

import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import java.util.Arrays;

/**
 * The quota benchmark's record of when each engine instance handed a transfer to the bank's client
 * (by {@link System#nanoTime()}), to tell what the engine sent from what the bank saw: the most
 * departures in any sliding window, per instance and for the fleet. Thread-safe (synchronized).
 */
final class DepartureLog {

    private long[] at = new long[1 << 16];
    private int[] instanceOf = new int[1 << 16];
    private int count;

    /** The bank's client for one instance, recording each transfer's departure first. */
    BankClient client(BankClient bank, int instance) {
        return new BankClient() {
            @Override
            public TransferOutcome transfer(TransferRequest request) {
                record(instance, System.nanoTime());
                return bank.transfer(request);
            }

            @Override
            public InquiryResult inquire(String idempotencyKey) {
                return bank.inquire(idempotencyKey);
            }

            @Override
            public BankTerms terms() {
                return bank.terms();
            }
        };
    }

    private synchronized void record(int instance, long nanos) {
        if (count == at.length) {
            at = Arrays.copyOf(at, count * 2);
            instanceOf = Arrays.copyOf(instanceOf, count * 2);
        }
        at[count] = nanos;
        instanceOf[count] = instance;
        count++;
    }

    /**
     * The most departures within any window of {@code windowNanos} (exclusive start, inclusive end),
     * of one instance, or of all with {@code instance} -1.
     */
    synchronized int maxInWindow(int instance, long windowNanos) {
        long[] sorted = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (instance < 0 || instanceOf[i] == instance) {
                sorted[n++] = at[i];
            }
        }
        Arrays.sort(sorted, 0, n);
        int max = 0;
        int start = 0;
        for (int end = 0; end < n; end++) {
            while (sorted[start] <= sorted[end] - windowNanos) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
