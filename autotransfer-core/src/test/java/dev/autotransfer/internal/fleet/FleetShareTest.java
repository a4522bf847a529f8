package dev.autotransfer.internal.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.autotransfer.bank.BankTerms;
import dev.autotransfer.bank.KeyRetention;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How the live nodes divide a bank's quotas so that together they never exceed them. */
class FleetShareTest {

    private static final KeyRetention DAY = KeyRetention.of(Duration.ofDays(1));

    @Test
    void three_nodes_split_the_quota_so_that_their_windows_together_stay_within_it() {
        BankTerms terms = new BankTerms(DAY, 200);

        int total = 0;
        for (int rank = 0; rank < 3; rank++) {
            FleetShare share = new FleetShare(3, rank, true, false);
            total += share.budget(terms);
            assertThat(share.budget(terms)).isEqualTo(66);
            // paced at the budget per window of a second and the spread, one permit per cycle
            assertThat(share.requestsPerSecond(terms)).isCloseTo(66 / 1.02, within(1e-9));
        }
        assertThat(total).isLessThanOrEqualTo(200);
        assertThat(total / 200.0).isGreaterThan(0.98);
    }

    @Test
    void a_large_share_is_paced_in_small_bursts_within_its_window() {
        BankTerms terms = new BankTerms(DAY, 1000);

        assertThat(FleetShare.ALONE.budget(terms)).isEqualTo(1000);
        assertThat(FleetShare.ALONE.permitsPerCycle(terms)).isEqualTo(5);
        assertThat(FleetShare.ALONE.requestsPerSecond(terms)).isCloseTo(1000 / 1.02, within(1e-9));
        assertThat(FleetShare.WINDOW_NANOS).isEqualTo(1_020_000_000L);
        assertThat(new FleetShare(3, 0, true, false).permitsPerCycle(terms)).isEqualTo(1);
        // a budget of 999 in bursts of 4 is paced at the multiple of 4 below it
        assertThat(new FleetShare(2, 0, true, false).requestsPerSecond(new BankTerms(DAY, 1999)))
                .isCloseTo(996 / 1.02, within(1e-9));
    }

    @Test
    void a_node_alone_uses_nearly_all_of_the_quota() {
        BankTerms terms = new BankTerms(DAY, 20);

        assertThat(FleetShare.ALONE.budget(terms)).isEqualTo(20);
        assertThat(FleetShare.ALONE.requestsPerSecond(terms) / 20).isCloseTo(1 / 1.02, within(1e-9));
    }

    @Test
    void a_node_the_others_have_not_yet_seen_sends_nothing() {
        FleetShare joining = new FleetShare(2, 1, false, false);

        assertThat(joining.requestsPerSecond(new BankTerms(DAY, 1000))).isZero();
        assertThat(joining.budget(new BankTerms(DAY, 1000))).isZero();
    }

    @Test
    void a_small_quota_goes_to_fewer_nodes_each_with_a_share_worth_having() {
        BankTerms terms = new BankTerms(DAY, 5);

        double[] rates = IntStream.range(0, 4)
                .mapToDouble(rank -> new FleetShare(4, rank, true, false).requestsPerSecond(terms)).toArray();

        // 5 per second among 4 nodes: two send, 2 in any window of 1.02 s each
        assertThat(new FleetShare(4, 0, true, false).senders(terms)).isEqualTo(2);
        assertThat(new FleetShare(4, 1, true, false).budget(terms)).isEqualTo(2);
        assertThat(new FleetShare(4, 2, true, false).budget(terms)).isZero();
        assertThat(rates[0]).isCloseTo(2 / 1.02, within(1e-9));
        assertThat(rates[1]).isCloseTo(2 / 1.02, within(1e-9));
        assertThat(rates[2]).isZero();
        assertThat(rates[3]).isZero();
    }

    @Test
    void calls_in_flight_are_split_among_the_senders_and_capped_by_the_pool() {
        BankTerms terms = new BankTerms(DAY, 1000, 30);

        assertThat(new FleetShare(3, 2, true, false).concurrentCalls(terms, 16)).isEqualTo(10);
        assertThat(new FleetShare(1, 0, true, false).concurrentCalls(terms, 16)).isEqualTo(16);
        assertThat(new FleetShare(3, 0, true, false).concurrentCalls(new BankTerms(DAY, 1000), 16)).isEqualTo(16);
    }

    @Test
    void a_rank_outside_the_live_nodes_is_refused_with_its_value() {
        assertThatThrownBy(() -> new FleetShare(2, 2, true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank must be 0..1, was 2");
    }
}
