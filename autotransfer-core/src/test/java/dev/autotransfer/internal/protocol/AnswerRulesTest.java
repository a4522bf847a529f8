package dev.autotransfer.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.config.EngineConfig;
import dev.autotransfer.domain.AttemptKey;
import dev.autotransfer.domain.EventType;
import dev.autotransfer.domain.HistoryEvent;
import dev.autotransfer.domain.Occurrence;
import dev.autotransfer.domain.OccurrenceHistory;
import dev.autotransfer.domain.Priority;
import dev.autotransfer.domain.Recurrence;
import dev.autotransfer.domain.Schedule;
import dev.autotransfer.domain.ScheduleSpec;
import dev.autotransfer.domain.ScheduleStatus;
import dev.autotransfer.event.Alarm;
import dev.autotransfer.internal.bankcall.LaneResult;
import dev.autotransfer.internal.protocol.ItemDecision.Count;
import dev.autotransfer.internal.protocol.ItemDecision.ScheduleMove;
import dev.autotransfer.spi.ClaimedWorkItem;
import dev.autotransfer.spi.TransferStore.ClaimedOccurrence;
import dev.autotransfer.spi.TransferStore.DeadLetterKind;
import dev.autotransfer.spi.TransferStore.ItemAction;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a bank's answer means for an occurrence, decided as a value with nothing written or told. */
class AnswerRulesTest {

    private static final LocalDate DATE = LocalDate.of(2026, 11, 25);
    private static final Occurrence OCCURRENCE = new Occurrence(7, DATE);
    private static final Instant SENT = Instant.parse("2026-11-25T00:30:00Z");
    private static final Instant AT = SENT.plusSeconds(2);
    private static final KeyRetention DAY = KeyRetention.of(Duration.ofHours(24));
    private static final EngineConfig CONFIG = EngineConfig.builder()
            .retryLimit(Priority.P1, 3)
            .retryBackoff(Priority.P1, Duration.ofMinutes(1), Duration.ofHours(1))
            .inquiryBackoff(Duration.ofSeconds(30), Duration.ofHours(1))
            .build();

    private final AnswerRules rules = new AnswerRules(CONFIG, new RetryPolicy(CONFIG, new SplittableRandom(3)));
    private final List<HistoryEvent> history = new ArrayList<>();

    @Test
    void an_accepted_transfer_succeeds_ends_the_occurrence_and_counts_a_success() {
        BankCall call = started(1);
        ItemDecision decision = rules.outcome(call, TransferOutcome.Accepted.echoing(call.request, "EXT-1"), AT, DAY);

        assertThat(decision.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.SUCCEEDED);
            assertThat(e.externalTransactionId()).isEqualTo("EXT-1");
        });
        assertThat(decision.followUp().action()).isEqualTo(ItemAction.DELETE);
        assertThat(decision.move()).isEqualTo(ScheduleMove.ended(AT));
        assertThat(decision.counts()).containsExactly(Count.SUCCEEDED);
        assertThat(decision.alarm()).isNull();
    }

    @Test
    void an_answer_that_echoes_another_request_is_unknown_with_an_alarm_never_a_success() {
        BankCall call = started(1);
        TransferOutcome.Accepted other = new TransferOutcome.Accepted("EXT-1", call.request.idempotencyKey(),
                call.request.source(), call.request.destination(), Money.krw(999));

        ItemDecision decision = rules.outcome(call, other, AT, DAY);

        assertThat(decision.events()).extracting(e -> e.type()).containsExactly(EventType.UNKNOWN);
        assertThat(decision.alarm()).isEqualTo(Alarm.Kind.ECHO_MISMATCH);
        assertThat(decision.counts()).containsExactly(Count.UNKNOWN);
    }

    @Test
    void a_definitive_failure_below_the_limit_waits_its_backoff_and_the_schedule_may_move_past_it() {
        BankCall call = started(1);
        ItemDecision decision = rules.outcome(call, new TransferOutcome.Rejected(RejectionCode.INSUFFICIENT_FUNDS,
                false, "no money"), AT, DAY);

        assertThat(decision.events()).extracting(e -> e.type()).containsExactly(EventType.FAILED);
        assertThat(decision.followUp().action()).isEqualTo(ItemAction.RELEASE);
        assertThat(decision.followUp().retryCount()).isEqualTo(1);
        assertThat(Duration.between(AT, decision.followUp().retryAt()))
                .isLessThanOrEqualTo(Duration.ofMinutes(1)).isGreaterThan(Duration.ofSeconds(47));
        assertThat(decision.move()).isEqualTo(ScheduleMove.WHILE_OPEN);
        assertThat(decision.counts()).containsExactly(Count.FAILED);
    }

    @Test
    void the_failure_that_reaches_the_limit_is_dead_lettered_with_an_alarm_and_the_occurrence_ends() {
        failedBefore(1);
        failedBefore(2);
        BankCall call = started(3);

        ItemDecision decision = rules.outcome(call, new TransferOutcome.Rejected(RejectionCode.INSUFFICIENT_FUNDS,
                false, "no money"), AT, DAY);

        assertThat(decision.events()).extracting(e -> e.type())
                .containsExactly(EventType.FAILED, EventType.DEAD_LETTERED);
        assertThat(decision.followUp().deadLetter().kind()).isEqualTo(DeadLetterKind.EXHAUSTED);
        assertThat(decision.followUp().deadLetter().bankKey()).isEqualTo(call.request.idempotencyKey());
        assertThat(decision.move()).isEqualTo(ScheduleMove.ended(null));
        assertThat(decision.counts()).containsExactlyInAnyOrder(Count.FAILED, Count.DEAD_LETTERED);
        assertThat(decision.alarm()).isEqualTo(Alarm.Kind.DEAD_LETTERED);
    }

    @Test
    void an_unknown_outcome_is_asked_about_again_but_never_past_the_last_moment_the_key_may_be_resent() {
        BankCall call = started(1);
        KeyRetention tenMinutes = KeyRetention.of(Duration.ofMinutes(10));
        Instant lastSafe = tenMinutes.expiresAt(SENT).minus(CONFIG.resendMargin());

        ItemDecision early = rules.outcome(call, new TransferOutcome.Unknown(UnknownReason.TIMEOUT, "slow"), AT,
                tenMinutes);
        // the first wait (30 s, shortened by jitter) ends well before the key's last safe moment
        assertThat(early.followUp().retryAt()).isAfter(AT.plusSeconds(23)).isBeforeOrEqualTo(AT.plusSeconds(30));
        assertThat(early.events()).extracting(e -> e.type()).containsExactly(EventType.UNKNOWN);
        assertThat(early.counts()).containsExactly(Count.UNKNOWN);
        assertThat(early.move()).isEqualTo(ScheduleMove.WHILE_OPEN);

        Instant late = lastSafe.minusSeconds(10);
        ItemDecision nearTheEnd = rules.outcome(call, new TransferOutcome.Unknown(UnknownReason.TIMEOUT, "slow"), late,
                tenMinutes);
        // a wait of 24 to 30 s would pass it: the item comes back exactly then, for the planner to hand to a person
        assertThat(nearTheEnd.followUp().retryAt()).isEqualTo(lastSafe);
    }

    @Test
    void a_request_the_bank_calls_too_old_goes_to_a_person_unresolved() {
        BankCall call = started(1);

        ItemDecision decision = rules.outcome(call, new TransferOutcome.Rejected(RejectionCode.REQUEST_EXPIRED,
                false, "too old"), AT, DAY);

        assertThat(decision.events()).extracting(e -> e.type()).containsExactly(EventType.DEAD_LETTERED);
        assertThat(decision.followUp().deadLetter().kind()).isEqualTo(DeadLetterKind.UNRESOLVED);
        assertThat(decision.counts()).containsExactly(Count.ESCALATED);
        assertThat(decision.alarm()).isEqualTo(Alarm.Kind.UNRESOLVED);
    }

    @Test
    void a_call_that_was_not_sent_writes_nothing_and_counts_no_try() {
        BankCall call = started(1);

        ItemDecision decision = rules.notSent(call, new LaneResult.NotSent<>(LaneResult.Reason.CIRCUIT_OPEN,
                Duration.ofSeconds(30)), AT);

        assertThat(decision.events()).isEmpty();
        assertThat(decision.followUp().pendingReason()).isEqualTo("NOT_SENT_CIRCUIT_OPEN");
        assertThat(decision.followUp().retryCount()).isNull();
        assertThat(decision.move()).isEqualTo(ScheduleMove.STAYS);
        assertThat(decision.counts()).containsExactly(Count.NOT_SENT);
    }

    private BankCall started(int attempt) {
        AttemptKey key = new AttemptKey(7, DATE, attempt);
        TransferRequest request = new TransferRequest("inst-" + key.format(), AccountRef.of("BANK_A", "110-0000-0001"),
                AccountRef.of("BANK_B", "220-0000-0002"), Money.krw(50_000), "rent", SENT);
        history.add(new HistoryEvent(history.size() + 1, key, EventType.STARTED, SENT, request, null, null, null));
        ClaimedWorkItem item = new ClaimedWorkItem(1, OCCURRENCE, "BANK_A", Priority.P1, "CURRENT",
                UUID.randomUUID(), AT.plusSeconds(60));
        ClaimedOccurrence co = new ClaimedOccurrence(item, schedule(), new OccurrenceHistory(OCCURRENCE, history));
        return new BankCall(co, null, false, key, request, 0);
    }

    private void failedBefore(int attempt) {
        started(attempt);
        history.add(new HistoryEvent(history.size() + 1, new AttemptKey(7, DATE, attempt), EventType.FAILED, SENT,
                null, null, "INSUFFICIENT_FUNDS", "no money"));
    }

    private static Schedule schedule() {
        ScheduleSpec spec = ScheduleSpec.builder()
                .clientReference("rent")
                .source(AccountRef.of("BANK_A", "110-0000-0001"))
                .destination(AccountRef.of("BANK_B", "220-0000-0002"))
                .amount(Money.krw(50_000))
                .recurrence(Recurrence.monthly(DATE, 25))
                .build();
        return new Schedule(7, spec, ScheduleStatus.ACTIVE, DATE, 0, 0, null, SENT.minusSeconds(86_400));
    }
}
