package dev.autotransfer.internal.bankcall;

import dev.autotransfer.internal.fleet.FleetShare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.autotransfer.bank.AccountRef;
import dev.autotransfer.bank.BankClient;
import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.InquiryResult;
import dev.autotransfer.bank.KeyRetention;
import dev.autotransfer.bank.Money;
import dev.autotransfer.bank.RejectionCode;
import dev.autotransfer.bank.TransferOutcome;
import dev.autotransfer.bank.TransferRequest;
import dev.autotransfer.bank.UnknownReason;
import dev.autotransfer.domain.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Step 4 for one bank: what is sent, what counts as not sent, and what trips the breaker. */
class BankLaneTest {

    private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
    private static final LaneSettings FAST = new LaneSettings(Duration.ofMillis(200), 2, Duration.ZERO, 50, 10,
            Duration.ofSeconds(30));

    private final AtomicInteger received = new AtomicInteger();
    private BankLane lane;

    @AfterEach
    void closeLane() {
        if (lane != null) {
            lane.close();
        }
    }

    @Test
    void an_answer_passes_through_unchanged() {
        lane = lane(1000, FAST, request -> TransferOutcome.Accepted.echoing(request, "EXT-1"));

        LaneResult<TransferOutcome> result = lane.transfer(request(1));

        assertThat(result).isEqualTo(new LaneResult.Answered<>(TransferOutcome.Accepted.echoing(request(1), "EXT-1")));
    }

    @Test
    void no_answer_within_the_time_limit_is_an_unknown_outcome_never_a_rejection() {
        CountDownLatch never = new CountDownLatch(1);
        lane = lane(1000, FAST, request -> {
            await(never);
            return TransferOutcome.Accepted.echoing(request, "late");
        });

        LaneResult<TransferOutcome> result = lane.transfer(request(1));

        assertThat(result).isInstanceOf(LaneResult.Answered.class);
        TransferOutcome outcome = ((LaneResult.Answered<TransferOutcome>) result).answer();
        assertThat(outcome).isInstanceOfSatisfying(TransferOutcome.Unknown.class,
                unknown -> assertThat(unknown.reason()).isEqualTo(UnknownReason.TIMEOUT));
        assertThat(received).hasValue(1);
    }

    @Test
    void an_exception_from_the_adapter_is_an_unknown_outcome() {
        lane = lane(1000, FAST, request -> {
            throw new IllegalStateException("socket closed");
        });

        assertThat(answer(lane.transfer(request(1)))).isInstanceOf(TransferOutcome.Unknown.class);
    }

    @Test
    void a_call_beyond_the_pool_is_not_sent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        LaneSettings oneThread = new LaneSettings(Duration.ofSeconds(5), 1, Duration.ZERO, 50, 10, Duration.ofSeconds(30));
        lane = lane(1000, oneThread, request -> {
            await(release);
            return TransferOutcome.Accepted.echoing(request, "EXT");
        });
        var pending = CompletableFuture.supplyAsync(() -> lane.transfer(request(1)), Executors.newSingleThreadExecutor());
        while (received.get() == 0) {
            Thread.onSpinWait();
        }

        LaneResult<TransferOutcome> second = lane.transfer(request(2));
        release.countDown();

        assertThat(second).isInstanceOfSatisfying(LaneResult.NotSent.class,
                notSent -> assertThat(notSent.reason()).isEqualTo(LaneResult.Reason.POOL_FULL));
        assertThat(answer(pending.get(5, TimeUnit.SECONDS))).isInstanceOf(TransferOutcome.Accepted.class);
        assertThat(received).hasValue(1);
    }

    @Test
    void calls_beyond_the_quota_are_not_sent_and_never_reach_the_bank() {
        // a quota of 2 per second: permits are spaced 0.51 s apart, and with no permit wait the
        // calls right after the first are not sent
        lane = lane(2, FAST, request -> TransferOutcome.Accepted.echoing(request, "EXT"));

        LaneResult<TransferOutcome> first = lane.transfer(request(1));
        LaneResult<TransferOutcome> second = lane.transfer(request(2));
        LaneResult<TransferOutcome> third = lane.transfer(request(3));

        assertThat(first).isInstanceOf(LaneResult.Answered.class);
        assertThat(List.of(second, third)).allSatisfy(result -> assertThat(result).isInstanceOfSatisfying(
                LaneResult.NotSent.class, notSent -> assertThat(notSent.reason())
                        .isEqualTo(LaneResult.Reason.RATE_LIMITED)));
        assertThat(received).hasValue(1);
        assertThat(lane.requestsPerSecond()).isCloseTo(2 / 1.02, within(1e-9));
        assertThat(lane.windowCapacity()).isEqualTo(2);
    }

    @Test
    void a_node_just_cleared_sends_nothing_until_the_others_last_second_has_passed() {
        // the others' requests under the old count may fill the bank's last second: the first
        // request waits out a whole window, beyond the permit wait of 200 ms it is not sent
        LaneSettings settings = new LaneSettings(Duration.ofSeconds(5), 2, Duration.ofMillis(200), 50, 10,
                Duration.ofSeconds(30));
        lane = lane(1000, settings, request -> TransferOutcome.Accepted.echoing(request, "EXT"));
        long cleared = System.nanoTime();
        lane.share(new FleetShare(2, 0, true, true), Duration.ofSeconds(50));

        LaneResult<TransferOutcome> early = lane.transfer(request(1));

        assertThat(early).isInstanceOfSatisfying(LaneResult.NotSent.class,
                notSent -> assertThat(notSent.reason()).isEqualTo(LaneResult.Reason.RATE_LIMITED));
        assertThat(received).hasValue(0);
        while (System.nanoTime() - cleared < FleetShare.WINDOW_NANOS) {
            Thread.onSpinWait();
        }
        assertThat(lane.transfer(request(2))).isInstanceOf(LaneResult.Answered.class);
        assertThat(received).hasValue(1);
    }

    @Test
    void a_share_that_shrinks_holds_at_once_over_the_requests_already_sent() {
        // alone on 10 per second, then one of two: the window keeps the last 5 sends, so the next
        // request leaves only when the oldest of them is a window old, whatever the limiter grants
        LaneSettings settings = new LaneSettings(Duration.ofSeconds(5), 2, Duration.ofSeconds(3), 50, 10,
                Duration.ofSeconds(30));
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        lane = lane(10, settings, request -> {
            arrivals.add(System.nanoTime());
            return TransferOutcome.Accepted.echoing(request, "EXT");
        });
        for (int i = 0; i < 6; i++) {
            assertThat(lane.transfer(request(i))).isInstanceOf(LaneResult.Answered.class);
        }

        lane.share(new FleetShare(2, 0, true, false), Duration.ofSeconds(50));
        assertThat(lane.transfer(request(6))).isInstanceOf(LaneResult.Answered.class);

        assertThat(lane.windowCapacity()).isEqualTo(5);
        assertThat(arrivals).hasSize(7);
        assertThat(arrivals.get(6) - arrivals.get(1)).isGreaterThanOrEqualTo(FleetShare.WINDOW_NANOS);
    }

    @Test
    void the_banks_own_quota_refusal_counts_as_not_sent() {
        lane = lane(1000, FAST, request -> new TransferOutcome.Rejected(RejectionCode.RATE_LIMITED, true, "quota"));

        assertThat(lane.transfer(request(1))).isInstanceOfSatisfying(LaneResult.NotSent.class,
                notSent -> assertThat(notSent.reason()).isEqualTo(LaneResult.Reason.REFUSED_BY_BANK));
    }

    @Test
    void business_rejections_never_open_the_breaker_but_system_failures_do_and_then_nothing_is_sent() {
        RejectionCode bankDown = RejectionCode.of("BANK_DOWN", RejectionCode.Kind.SYSTEM);
        AtomicInteger mode = new AtomicInteger();
        // a pool larger than FAST's: a worker thread returns to the pool just after its call's answer,
        // and on a loaded machine the next call could find both of FAST's two threads still busy
        LaneSettings roomy = new LaneSettings(Duration.ofMillis(200), 8, Duration.ZERO, 50, 10, Duration.ofSeconds(30));
        lane = lane(1_000_000, roomy, request -> mode.get() == 0
                ? new TransferOutcome.Rejected(RejectionCode.INSUFFICIENT_FUNDS, true, "funds")
                : new TransferOutcome.Rejected(bankDown, true, "down"));

        for (int i = 0; i < 30; i++) {
            assertThat(lane.transfer(request(i))).isInstanceOf(LaneResult.Answered.class);
        }
        assertThat(lane.isOpen()).isFalse();

        mode.set(1);
        for (int i = 0; i < 10; i++) {
            lane.transfer(request(100 + i));
        }
        int before = received.get();
        LaneResult<TransferOutcome> blocked = lane.transfer(request(200));

        assertThat(lane.isOpen()).isTrue();
        assertThat(blocked).isEqualTo(new LaneResult.NotSent<>(LaneResult.Reason.CIRCUIT_OPEN, Duration.ofSeconds(30)));
        assertThat(received).hasValue(before);
    }

    @Test
    void a_p2_backlog_fills_the_pipeline_only_up_to_the_part_kept_for_p0() {
        // a node alone on 101 per second: 101 / 1.02 permits a second, a pipeline of 80, 30% kept for P0
        LaneSettings settings = new LaneSettings(Duration.ofMillis(200), 2, Duration.ofSeconds(1), 50, 10,
                Duration.ofSeconds(30), 30, 20, 3.0, 10);
        lane = lane(101, settings, request -> TransferOutcome.Accepted.echoing(request, "EXT"));

        int backlog = 0;
        for (int chunk = 0; chunk < 10; chunk++) {
            backlog += lane.admit(Priority.P2, 10);
        }
        int p1 = lane.admit(Priority.P1, 10);
        int p0 = lane.admit(Priority.P0, 10) + lane.admit(Priority.P0, 10) + lane.admit(Priority.P0, 10);

        assertThat(backlog).isEqualTo(56);
        assertThat(p1).isZero();
        assertThat(p0).isEqualTo(24);
        assertThat(lane.admit(Priority.P0, 10)).as("the pipeline is full").isZero();

        lane.release(Priority.P2, 10);
        assertThat(lane.admit(Priority.P2, 10)).as("P1 and P2 still hold more than their part").isZero();
        assertThat(lane.admit(Priority.P0, 10)).as("room a P2 chunk gave back").isEqualTo(10);
    }

    @Test
    void a_lane_whose_share_is_zero_admits_nothing_and_sends_nothing() {
        lane = lane(1000, FAST, request -> TransferOutcome.Accepted.echoing(request, "EXT"));

        lane.share(new FleetShare(2, 1, false, false), Duration.ofSeconds(50));

        assertThat(lane.canSend()).isFalse();
        assertThat(lane.admit(Priority.P0, 10)).isZero();
        assertThat(lane.transfer(request(1))).isInstanceOf(LaneResult.NotSent.class);
        assertThat(received).hasValue(0);
    }

    @Test
    void system_failures_above_the_strain_limit_spread_the_banks_requests_out() {
        RejectionCode bankDown = RejectionCode.of("BANK_DOWN", RejectionCode.Kind.SYSTEM);
        // a breaker that waits for 1,000 calls: the backpressure acts first
        LaneSettings settings = new LaneSettings(Duration.ofMillis(200), 8, Duration.ZERO, 50, 1000,
                Duration.ofSeconds(30), 30, 20, 3.0, 10);
        lane = lane(1_000_000, settings, request -> new TransferOutcome.Rejected(bankDown, true, "down"));
        double before = lane.requestsPerSecond();

        for (int i = 0; i < 20; i++) {
            lane.transfer(request(i));
        }

        assertThat(lane.pressure().fraction()).isEqualTo(0.5);
        assertThat(lane.pressure().lastErrorRatePercent()).isEqualTo(100.0);
        assertThat(lane.requestsPerSecond()).isCloseTo(before / 2, within(before / 100));
    }

    private BankLane lane(int requestsPerSecond, LaneSettings settings, Function<TransferRequest, TransferOutcome> bank) {
        BankClient client = new BankClient() {
            @Override
            public TransferOutcome transfer(TransferRequest request) {
                received.incrementAndGet();
                return bank.apply(request);
            }

            @Override
            public InquiryResult inquire(String idempotencyKey) {
                return new InquiryResult.NotFound();
            }

            @Override
            public BankTerms terms() {
                return new BankTerms(KeyRetention.of(Duration.ofDays(1)), requestsPerSecond);
            }
        };
        return new BankLane("004", client, settings, Clock.systemUTC(), Executors.defaultThreadFactory());
    }

    private static TransferRequest request(int n) {
        return new TransferRequest("7:2026-11-25:" + (n + 1), AccountRef.of("004", "110-234-567890"),
                AccountRef.of("088", "123-45-6789012"), Money.krw(10_000), "rent", T0);
    }

    private static TransferOutcome answer(LaneResult<TransferOutcome> result) {
        assertThat(result).isInstanceOf(LaneResult.Answered.class);
        return ((LaneResult.Answered<TransferOutcome>) result).answer();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
