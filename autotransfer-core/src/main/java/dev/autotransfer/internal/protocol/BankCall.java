package dev.autotransfer.internal.protocol;

import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;

/** A bank call to make for an occurrence: a send of a request under a key, or an inquiry about it. */
public final class BankCall {
    final ClaimedOccurrence co;
    final boolean inquire;
    final boolean resend;
    final AttemptKey key;
    final TransferRequest request;
    final int unknowns;

    /** A re-send or an inquiry about an open attempt. */
    public BankCall(ClaimedOccurrence co, HistoryEvent started, boolean inquire) {
        this(co, started, inquire, started.key(), started.request(), unknownsOf(co.history(), started.key()));
    }

    public BankCall(ClaimedOccurrence co, HistoryEvent started, boolean inquire, AttemptKey key, TransferRequest request,
            int unknowns) {
        this.co = co;
        this.inquire = inquire;
        this.resend = started != null && !inquire;
        this.key = key;
        this.request = request;
        this.unknowns = unknowns;
    }

    private static int unknownsOf(OccurrenceHistory history, AttemptKey key) {
        return (int) history.events().stream()
                .filter(e -> e.type() == EventType.UNKNOWN && e.key().equals(key))
                .count();
    }
}
