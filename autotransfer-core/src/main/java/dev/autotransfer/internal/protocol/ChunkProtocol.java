package dev.autotransfer.internal.protocol;

import static dev.autotransfer.internal.protocol.ScheduleLogContext.withSchedule;

import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.bankcall.BankLane;
import dev.autotransfer.internal.bankcall.LaneResult;
import dev.autotransfer.internal.events.SafeListener;
import dev.autotransfer.internal.fleet.RolloutController;
import dev.autotransfer.internal.fleet.RunTally;
import dev.autotransfer.internal.loop.WorkerLimit;
import dev.autotransfer.internal.protocol.ItemDecision.Count;
import dev.autotransfer.internal.protocol.ItemDecision.ScheduleMove;
import dev.autotransfer.spi.TimeSource;
import dev.autotransfer.spi.TransferStore;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;
import dev.autotransfer.spi.TransferStore.DeadLetterEntry;
import dev.autotransfer.spi.TransferStore.DeadLetterKind;
import dev.autotransfer.spi.TransferStore.FollowUp;
import dev.autotransfer.spi.TransferStore.NewEvent;
import dev.autotransfer.spi.TransferStore.OpenResult;
import dev.autotransfer.spi.TransferStore.Opening;
import dev.autotransfer.spi.TransferStore.RecordResult;
import dev.autotransfer.spi.TransferStore.Recording;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Steps 1 to 5 of the execution protocol for one chunk of one (bank, priority): claim, read,
 * decide, open under the fence, call the bank, record. Never holds a transaction across a call:
 * every STARTED of the chunk is committed by {@link TransferStore#open} before the first call, and
 * outcomes are recorded after the calls returned. What it decides for each item is a value
 * ({@link ItemDecision}: from the step, {@link StepPlanner}; from the bank's answer,
 * {@link AnswerRules}); {@link DecisionApplier} applies them. Thread-safe: each call of
 * {@link #process} works on its own chunk.
 */
public final class ChunkProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkProtocol.class);

    private final TransferStore store;
    private final Map<String, BankLane> lanes;
    private final Map<String, KeyRetention> retentions;
    private final EngineConfig config;
    private final StepPlanner planner;
    private final RetryPolicy retries;
    private final AnswerRules answers;
    private final DecisionApplier applier;
    private final ScheduleAdvancer advancer;
    private final TimeSource time;
    private final String nodeId;
    private final CallFanOut fanOut;
    private final WorkerLimit workers;
    private final RolloutController rollout;
    private final RetentionWatch retentionWatch;

    public ChunkProtocol(TransferStore store, Map<String, BankLane> lanes, Map<String, KeyRetention> retentions,
            EngineConfig config, ScheduleAdvancer advancer, SafeListener listener, TimeSource time, String nodeId,
            RunTally tally, CallFanOut fanOut, WorkerLimit workers, RolloutController rollout, RetryPolicy retries) {
        this.fanOut = fanOut;
        this.workers = workers;
        this.store = store;
        this.lanes = lanes;
        this.retentions = retentions;
        this.config = config;
        this.retries = retries;
        this.planner = new StepPlanner(config.resendMargin(), retries);
        this.answers = new AnswerRules(config, retries);
        this.applier = new DecisionApplier(advancer, tally, listener, workers, time);
        this.advancer = advancer;
        this.time = time;
        this.nodeId = nodeId;
        this.rollout = rollout;
        this.retentionWatch = new RetentionWatch(config.rollout().retentionWarningAt(), config.resendMargin(), listener);
    }

    /**
     * Works one chunk.
     *
     * @param newSendsStopped whether the run is stopped: open attempts are still resolved, no new one starts
     * @return how many work items were asked for (0 when the bank's pipeline is full) and claimed
     */
    public ChunkClaim process(String bank, Priority priority, long runId, boolean newSendsStopped) {
        if (time.skew().filter(skew -> skew.compareTo(config.maxClockSkew()) > 0).isPresent()) {
            // leases and not-before times would be judged on a wrong clock: claim nothing (an epoch
            // over a backlog lasts long; the engine raises CLOCK_SKEW when the epoch ends)
            return new ChunkClaim(config.chunkSize(), 0);
        }
        BankLane lane = lanes.get(bank);
        int admitted = lane.admit(priority, config.chunkSize());
        if (admitted == 0) {
            return new ChunkClaim(0, 0);
        }
        Instant now = time.now();
        MDC.put("runId", Long.toString(runId));
        try {
            // the decision runs inside the claim's transaction: it reads nothing from the store
            rollout.prepare(runId, newSendsStopped ? 0 : config.chunkSize(), now);
            Chunk[] planned = new Chunk[1];
            long claimStart = System.nanoTime();
            TransferStore.ClaimedChunk claimed = store.claimAndOpen(bank, priority, admitted, nodeId, now,
                    config.lease(), occurrences -> {
                        Chunk chunk = new Chunk(lane, retentions.get(bank), now, newSendsStopped);
                        for (ClaimedOccurrence co : occurrences) {
                            withSchedule(co.item(), () -> chunk.plan(co));
                        }
                        planned[0] = chunk;
                        return List.copyOf(chunk.openings);
                    });
            workers.storeCall(System.nanoTime() - claimStart);
            int count = claimed.occurrences().size();
            if (count == 0) {
                return new ChunkClaim(admitted, 0);
            }
            applier.claimed(bank, priority, count);
            Chunk chunk = planned[0];
            chunk.opened(claimed.results());
            chunk.call();
            chunk.record();
            return new ChunkClaim(admitted, count);
        } finally {
            lane.release(priority, admitted);
            MDC.remove("runId");
            MDC.remove("scheduleId");
        }
    }

    /** One chunk's plan: openings first, then calls, then recordings. */
    private final class Chunk {
        private final BankLane lane;
        private final KeyRetention retention;
        private final Instant now;
        private final boolean newSendsStopped;
        private final List<Opening> openings = new ArrayList<>();
        private final List<ItemDecision> openingDecisions = new ArrayList<>();
        private final List<BankCall> calls = new ArrayList<>();
        /** Written by the chunk's calls side by side. */
        private final List<Recording> recordings = Collections.synchronizedList(new ArrayList<>());

        Chunk(BankLane lane, KeyRetention retention, Instant now, boolean newSendsStopped) {
            this.lane = lane;
            this.retention = retention;
            this.now = now;
            this.newSendsStopped = newSendsStopped;
        }

        void plan(ClaimedOccurrence co) {
            try {
                NextStep step = planner.decide(co.history(), co.schedule().status(), co.item().priority(),
                        retention, now);
                retentionWatch.check(co.item(), step, retention, now);
                planStep(co, step);
            } catch (RuntimeException e) {
                // a decision that cannot be made (a calendar that does not cover a date, a bad stored
                // value) must not stop the chunk: the item waits and an operator is told
                LOG.error("cannot decide {} of work item {}: {}", co.item().occurrence(), co.item().id(), e.toString());
                record(ItemDecision.of(co, now, List.of(), FollowUp.retryAt(
                                now.plus(retries.afterDecisionError(co.item().priority())), "DECISION_ERROR"))
                        .alarming(Alarm.Kind.STORE_FAILURE, "cannot decide: " + e.getMessage()));
            }
        }

        /** Turns the planner's step into a decision: written at once, opened under the fence, or a call. */
        private void planStep(ClaimedOccurrence co, NextStep step) {
            if (step instanceof NextStep.RepairAfterSuccess s) {
                record(ItemDecision.of(co, now, List.of(), FollowUp.done())
                        .moving(ScheduleMove.ended(s.succeeded().occurredAt())));
            } else if (step instanceof NextStep.Finished) {
                record(ItemDecision.of(co, now, List.of(), FollowUp.done()).moving(ScheduleMove.ended(null)));
            } else if (step instanceof NextStep.Inquire i) {
                calls.add(new BankCall(co, i.started(), true));
            } else if (step instanceof NextStep.Resend r) {
                calls.add(new BankCall(co, r.started(), false));
            } else if (step instanceof NextStep.EscalateToPerson e) {
                record(answers.escalation(co, e.started().key(), e.started().request(), now, "UNRESOLVED",
                        "outcome unknown up to the bank's key retention"));
            } else if (step instanceof NextStep.Cancel c) {
                open(ItemDecision.of(co, now, List.of(NewEvent.of(c.key(), EventType.CANCELLED, now, null,
                        "schedule cancelled")), FollowUp.done()).counting(Count.PROCESSED, Count.CANCELLED),
                        ScheduleStatus.CANCELLED);
            } else if (step instanceof NextStep.Park) {
                park(co);
            } else if (step instanceof NextStep.DeadLetter d) {
                String code = co.history().lastFailure().map(HistoryEvent::code).orElse(null);
                String detail = d.failures() + " definitive failures";
                open(ItemDecision.of(co, now, List.of(NewEvent.of(d.lastKey(), EventType.DEAD_LETTERED, now, code,
                                detail)), FollowUp.done().withDeadLetter(new DeadLetterEntry(d.lastKey(),
                                bankKey(co, d.lastKey()), DeadLetterKind.EXHAUSTED, code, detail)))
                        .moving(ScheduleMove.ended(null)).counting(Count.PROCESSED, Count.DEAD_LETTERED)
                        .alarming(Alarm.Kind.DEAD_LETTERED, "dead-lettered after " + detail + ", last code " + code),
                        ScheduleStatus.ACTIVE);
            } else if (step instanceof NextStep.StartAttempt s) {
                if (newSendsStopped || !rollout.takeSend()) {
                    // not sent, nothing lost: a stopped run waits for its resume, a stage's cap for its end
                    record(ItemDecision.of(co, now, List.of(), newSendsStopped
                            ? FollowUp.retryAt(now.plus(config.parkInterval()), "RUN_STOPPED")
                            : FollowUp.retryAt(rollout.postponeUntil(now), "ROLLOUT_STAGE_CAP")));
                    return;
                }
                ScheduleSpec spec = co.schedule().spec();
                TransferRequest request = new TransferRequest(config.keyPrefix() + s.key().format(), spec.source(),
                        spec.destination(), spec.amount(), spec.memo(), now);
                open(ItemDecision.of(co, now, List.of(new NewEvent(s.key(), EventType.STARTED, now, request, null,
                        null, null)), FollowUp.keep()), ScheduleStatus.ACTIVE);
            } else {
                throw new IllegalStateException("unhandled step " + step);
            }
        }

        private void park(ClaimedOccurrence co) {
            // the decision depends on whether the occurrence's period has passed: the move is worked out first
            var following = advancer.whileOpen(co.schedule(), co.item().occurrence().nominalDate(), now);
            if (following != null && co.history().highestStartedAttempt() == 0) {
                // a paused occurrence whose period has passed without an attempt is skipped, so a
                // resume never debits every paused month
                open(ItemDecision.of(co, now, List.of(NewEvent.of(co.history().nextKey(), EventType.SKIPPED, now,
                                "PAUSED", "schedule paused through the occurrence's period")), FollowUp.done())
                        .moving(ScheduleMove.given(following)).counting(Count.PROCESSED, Count.SKIPPED),
                        ScheduleStatus.PAUSED);
            } else {
                record(ItemDecision.of(co, now, List.of(), FollowUp.retryAt(now.plus(config.parkInterval()), "PAUSED")
                        .withReleaseFence(co.schedule().version())).moving(ScheduleMove.given(following)));
            }
        }

        private void open(ItemDecision decision, ScheduleStatus expected) {
            openings.add(applier.open(decision, expected));
            openingDecisions.add(decision);
        }

        private void record(ItemDecision decision) {
            recordings.add(applier.record(decision));
        }

        void opened(List<OpenResult> results) {
            for (int i = 0; i < openings.size(); i++) {
                ItemDecision decision = openingDecisions.get(i);
                OpenResult result = results.get(i);
                withSchedule(decision.co().item(), () -> opened(decision, result));
            }
        }

        private void opened(ItemDecision decision, OpenResult result) {
            switch (result) {
                case OPENED -> {
                    applier.opened(decision);
                    NewEvent event = decision.events().get(0);
                    if (event.type() == EventType.STARTED) {
                        calls.add(new BankCall(decision.co(), null, false, event.key(), event.request(), 0));
                    }
                }
                // the schedule changed, or a twin decision won: decide again from fresh state
                case FENCED, REFUSED -> record(applier.redecide(decision, result));
                case FAILED -> applier.openFailed(decision);
            }
        }

        void call() {
            fanOut.runAll(calls, call -> withSchedule(call.co.item(), () -> {
                if (call.inquire) {
                    inquire(call);
                } else {
                    if (call.resend) {
                        applier.resending(call.key);
                    }
                    send(call);
                }
            }));
        }

        private void inquire(BankCall call) {
            applier.inquiring();
            LaneResult<InquiryResult> result = lane.inquire(call.request.idempotencyKey());
            Instant at = time.now();
            if (result instanceof LaneResult.NotSent<InquiryResult> notSent) {
                notSent(call, notSent, at);
                return;
            }
            InquiryResult answer = ((LaneResult.Answered<InquiryResult>) result).answer();
            applier.inquired(call.key, answer);
            if (answer instanceof InquiryResult.Executed executed) {
                record(answers.outcome(call, executed.answer(), at, retention));
            } else if (answer instanceof InquiryResult.Rejected rejected) {
                record(answers.outcome(call, rejected.answer(), at, retention));
            } else if (answer instanceof InquiryResult.NotFound) {
                // not a failure: the request may still arrive; the same key is sent again while the
                // bank keeps keys (the planner checked the retention)
                applier.resending(call.key);
                send(call);
            } else {
                record(answers.inProgress(call, answer instanceof InquiryResult.InProgress ? "IN_PROGRESS"
                        : "INQUIRY_UNAVAILABLE", at, retention));
            }
        }

        private void send(BankCall call) {
            LaneResult<TransferOutcome> result = lane.transfer(call.request);
            Instant at = time.now();
            if (result instanceof LaneResult.NotSent<TransferOutcome> notSent) {
                // not progress: nothing reached the bank
                notSent(call, notSent, at);
                return;
            }
            TransferOutcome answer = ((LaneResult.Answered<TransferOutcome>) result).answer();
            rollout.judged(answer);
            record(answers.outcome(call, answer, at, retention).counting(Count.PROCESSED));
        }

        private void notSent(BankCall call, LaneResult.NotSent<?> notSent, Instant at) {
            applier.notSent(call.co.item(), notSent);
            record(answers.notSent(call, notSent, at));
        }

        void record() {
            if (recordings.isEmpty()) {
                return;
            }
            long recordStart = System.nanoTime();
            List<RecordResult> results = store.record(recordings, nodeId, time.now());
            workers.storeCall(System.nanoTime() - recordStart);
            for (int i = 0; i < recordings.size(); i++) {
                Recording recording = recordings.get(i);
                RecordResult result = results.get(i);
                withSchedule(recording.item(), () -> applier.recorded(recording, result));
            }
        }

        /** The key the attempt sent, as its STARTED recorded it (a failed attempt always has one). */
        private String bankKey(ClaimedOccurrence co, AttemptKey key) {
            return co.history().recordedRequest(key.attempt()).map(TransferRequest::idempotencyKey)
                    .orElseGet(() -> config.keyPrefix() + key.format());
        }
    }
}
