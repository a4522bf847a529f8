package dev.autotransfer.internal.protocol;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.bankcall.LaneResult;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.internal.fleet.RunTally;
import dev.autotransfer.internal.loop.WorkerLimit;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.spi.TransferStore.Advance;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.OpenResult;
import dev.autotransfer.spi.TransferStore.Opening;
import dev.autotransfer.spi.TransferStore.RecordResult;
import dev.autotransfer.spi.TransferStore.Recording;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the protocol's decisions ({@link ItemDecision}) take effect: it works out the
 * schedule's move once per decision, turns decisions into the store's openings and recordings,
 * and counts them in the run's tally, raises their alarms and tells the listener what the store wrote.
 * Thread-safe (the chunk's calls apply their decisions side by side).
 */
final class DecisionApplier {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionApplier.class);

    private final ScheduleAdvancer advancer;
    private final RunTally tally;
    private final SafeListener listener;
    private final WorkerLimit workers;
    private final TimeSource time;

    DecisionApplier(ScheduleAdvancer advancer, RunTally tally, SafeListener listener, WorkerLimit workers,
            TimeSource time) {
        this.advancer = advancer;
        this.tally = tally;
        this.listener = listener;
        this.workers = workers;
        this.time = time;
    }

    /** The recording of a decision written under the unique rules alone; counts it and raises its alarm now. */
    Recording record(ItemDecision decision) {
        FollowUp followUp = withMove(decision);
        take(decision);
        return new Recording(decision.co().item(), decision.events(), followUp);
    }

    /**
     * The opening of a decision fenced by the schedule's status and version; its counts and alarm wait
     * for {@link #opened} to say it was written.
     */
    Opening open(ItemDecision decision, ScheduleStatus expected) {
        return new Opening(decision.co().item(), expected, decision.co().schedule().version(),
                decision.events().get(0), withMove(decision));
    }

    /** Takes effect for an opening the store wrote; a STARTED is told by its call, anything else here. */
    void opened(ItemDecision decision) {
        take(decision);
        NewEvent event = decision.events().get(0);
        if (event.type() == EventType.STARTED) {
            tally.started.increment();
            listener.attemptStarted(event.key(), event.request());
        } else {
            listener.recorded(event.key(), event.type(), event.code());
        }
    }

    /** An opening the store could not write at all: it is retried after the lease, and an operator is told. */
    void openFailed(ItemDecision decision) {
        workers.storeStrain();
        NewEvent event = decision.events().get(0);
        alarm(decision.co().item(), Alarm.Kind.STORE_FAILURE, "writing " + event.type() + " of " + event.key()
                + " failed; retried after the lease");
    }

    /** An opening fenced off or refused: the item is decided again from fresh state. */
    ItemDecision redecide(ItemDecision decision, OpenResult result) {
        listener.fenced(decision.co().item().occurrence(), result.name());
        LOG.debug("{} of {} not written: {}", decision.events().get(0).type(), decision.events().get(0).key(), result);
        return ItemDecision.of(decision.co(), decision.at(), List.of(),
                FollowUp.retryAt(decision.at(), "REDECIDE")).counting(ItemDecision.Count.FENCED);
    }

    /** Counts and tells the items a chunk claimed. */
    void claimed(String bank, Priority priority, int count) {
        tally.claimed.add(count);
        listener.claimed(bank, priority, count);
    }

    /** Counts an inquiry about to be made. */
    void inquiring() {
        tally.inquired.increment();
    }

    /** Tells the bank's answer to an inquiry. */
    void inquired(AttemptKey key, InquiryResult answer) {
        listener.inquired(key, answer.getClass().getSimpleName());
    }

    /** Tells a call that was not sent (its decision counts it). */
    void notSent(ClaimedWorkItem item, LaneResult.NotSent<?> notSent) {
        listener.notSent(item.occurrence(), item.bankCode(), notSent.reason().name(), notSent.retryAfter());
    }

    /** Counts and tells a re-send of an open attempt's recorded request under its key. */
    void resending(AttemptKey key) {
        tally.resent.increment();
        listener.resending(key);
    }

    /** Tells the listener what a recording wrote, or raises the store's failure. */
    void recorded(Recording recording, RecordResult result) {
        if (result.failed()) {
            workers.storeStrain();
            LOG.error("recording the outcome of work item {} failed; retried after the lease", recording.item().id());
            listener.alarm(new Alarm(Alarm.Kind.STORE_FAILURE, time.now(), recording.item().bankCode(),
                    recording.item().occurrence(), "recording failed; retried after the lease"));
            return;
        }
        for (int e = 0; e < recording.events().size(); e++) {
            if (result.inserted().get(e)) {
                NewEvent event = recording.events().get(e);
                listener.recorded(event.key(), event.type(), event.code());
            }
        }
    }

    /** Raises an alarm about a work item. */
    void alarm(ClaimedWorkItem item, Alarm.Kind kind, String detail) {
        LOG.warn("{}: {} {}", kind, item.occurrence(), detail);
        listener.alarm(new Alarm(kind, time.now(), item.bankCode(), item.occurrence(), detail));
    }

    private void take(ItemDecision decision) {
        for (ItemDecision.Count count : decision.counts()) {
            switch (count) {
                case PROCESSED -> tally.processed();
                case SUCCEEDED -> tally.succeeded();
                case FAILED -> tally.failed();
                case UNKNOWN -> tally.unknown.increment();
                case DEAD_LETTERED -> tally.deadLettered.increment();
                case ESCALATED -> tally.escalated.increment();
                case NOT_SENT -> tally.notSent.increment();
                case FENCED -> tally.fenced.increment();
                case SKIPPED -> tally.skipped.increment();
                case CANCELLED -> tally.cancelled.increment();
            }
        }
        if (decision.alarm() != null) {
            alarm(decision.co().item(), decision.alarm(), decision.alarmDetail());
        }
    }

    /** The decision's follow-up with the schedule's move, worked out here and only here. */
    private FollowUp withMove(ItemDecision decision) {
        ItemDecision.ScheduleMove move = decision.move();
        var co = decision.co();
        LocalDate date = co.item().occurrence().nominalDate();
        Advance advance;
        if (move instanceof ItemDecision.ScheduleMove.Stays) {
            return decision.followUp();
        } else if (move instanceof ItemDecision.ScheduleMove.WhileOpen) {
            advance = advancer.whileOpen(co.schedule(), date, decision.at());
        } else if (move instanceof ItemDecision.ScheduleMove.Ended ended) {
            advance = advancer.afterEnd(co.schedule(), date, ended.executedAt(), decision.at());
        } else {
            advance = ((ItemDecision.ScheduleMove.Given) move).advance();
        }
        return decision.followUp().withAdvance(advance);
    }
}
